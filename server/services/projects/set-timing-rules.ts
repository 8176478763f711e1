/** Replaces the project's timing-chain rules: calibration age and spread, and the clock offset bound (DESIGN §12). */
import { eq } from "drizzle-orm";
import { projects } from "@/db/schema";
import { setTimingRulesSchema, type TimingRules } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { recordProjectChange } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";

export async function setTimingRules(raw: unknown): Promise<Project> {
  const { id, timingRules } = parseInput(setTimingRulesSchema, raw);
  return updateTimingRules(id, () => timingRules);
}

/** The settings `next` makes of the stored ones, read and written under the project's lock (REST's partial posts). */
async function updateTimingRules(id: string, next: (stored: TimingRules) => TimingRules): Promise<Project> {
  const project = await getDb().transaction(async (tx) => {
    await assertEditable(tx, id);
    const before = (await getProject(id, tx)).timingRules;
    const { timingRules } = parseInput(setTimingRulesSchema, { id, timingRules: next(before) });
    await tx
      .update(projects)
      .set({ ...timingRules, updatedAt: new Date() })
      .where(eq(projects.id, id));
    const after = await getProject(id, tx);
    await recordProjectChange(tx, id, "timing rules", before, after.timingRules);
    return after;
  });
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
