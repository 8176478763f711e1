/** Replaces the project's firmware comparison settings: the regression gate, and whether runs must name their firmware. */
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { type RegressionGate, setRegressionGateSchema } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { recordProjectChange } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";

export async function setRegressionGate(raw: unknown): Promise<Project> {
  const { id, regressionGate } = parseInput(setRegressionGateSchema, raw);
  return updateRegressionGate(id, () => regressionGate);
}

/** The settings `next` makes of the stored ones, read and written under the project's lock (REST's partial posts). */
export async function updateRegressionGate(
  id: string,
  next: (stored: RegressionGate) => RegressionGate,
): Promise<Project> {
  const project = await getDb().transaction(async (tx) => {
    await assertEditable(tx, id);
    const before = (await getProject(id, tx)).regressionGate;
    const { regressionGate } = parseInput(setRegressionGateSchema, { id, regressionGate: next(before) });
    await tx
      .update(projects)
      .set({ ...regressionGate, updatedAt: new Date() })
      .where(eq(projects.id, id));
    const after = await getProject(id, tx);
    await recordProjectChange(tx, id, "firmware comparison", before, after.regressionGate);
    return after;
  });
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
