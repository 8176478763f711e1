/** Replaces how a project's runs are judged: confidence level, interval method, decision rule, scope. */
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { type Judging, setJudgingSchema } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { recordProjectChange } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";

export async function setJudging(raw: unknown): Promise<Project> {
  const { id, judging } = parseInput(setJudgingSchema, raw);
  return updateJudging(id, () => judging);
}

/** The judging `next` makes of the stored one, read and written under the project's lock (REST's partial posts). */
export async function updateJudging(id: string, next: (stored: Judging) => Judging): Promise<Project> {
  const project = await getDb().transaction(async (tx) => {
    await assertEditable(tx, id);
    const before = (await getProject(id, tx)).judging;
    const { judging } = parseInput(setJudgingSchema, { id, judging: next(before) });
    await tx
      .update(projects)
      .set({ ...judging, updatedAt: new Date() })
      .where(eq(projects.id, id));
    const after = await getProject(id, tx);
    await recordProjectChange(tx, id, "judging", before, after.judging);
    return after;
  });
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
