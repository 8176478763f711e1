/** Replaces a project's eight pass/fail criteria (values and enabled flags). */
import { eq } from "drizzle-orm";
import { passFailCriteria, projects } from "@/db/schema";
import { type PassFailCriteria, setPassFailCriteriaSchema } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { recordProjectChange } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { toCriteriaColumns } from "./criteria-columns";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";

export async function setPassFailCriteria(raw: unknown): Promise<Project> {
  const { id, passFailCriteria: criteria } = parseInput(setPassFailCriteriaSchema, raw);
  return updatePassFailCriteria(id, () => criteria);
}

/** As updateLatencyThresholds: the criteria `next` makes of the stored ones, under the project's lock. */
export async function updatePassFailCriteria(
  id: string,
  next: (stored: PassFailCriteria) => PassFailCriteria,
): Promise<Project> {
  const project = await getDb().transaction(async (tx) => {
    await assertEditable(tx, id);
    const before = (await getProject(id, tx)).passFailCriteria;
    const criteria = parseInput(setPassFailCriteriaSchema, { id, passFailCriteria: next(before) }).passFailCriteria;
    const now = new Date();
    await tx
      .update(passFailCriteria)
      .set({ ...toCriteriaColumns(criteria), updatedAt: now })
      .where(eq(passFailCriteria.projectId, id));
    await tx.update(projects).set({ updatedAt: now }).where(eq(projects.id, id));
    const after = await getProject(id, tx);
    await recordProjectChange(tx, id, "pass/fail criteria", before, after.passFailCriteria);
    return after;
  });
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
