/** Replaces a project's six latency thresholds. */
import { eq } from "drizzle-orm";
import { latencyThresholds, projects } from "@/db/schema";
import { type LatencyThresholds, setLatencyThresholdsSchema } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { recordProjectChange } from "../../history/project-change";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";

export async function setLatencyThresholds(raw: unknown): Promise<Project> {
  const { id, latencyThresholds: thresholds } = parseInput(setLatencyThresholdsSchema, raw);
  return updateLatencyThresholds(id, () => thresholds);
}

/**
 * Writes the thresholds `next` makes of the stored ones, read under the project's row lock: two
 * partial changes at once (REST PATCH) both land, neither overwrites the other with stale values.
 * `next` may throw to refuse, and nothing is written.
 */
export async function updateLatencyThresholds(
  id: string,
  next: (stored: LatencyThresholds) => LatencyThresholds,
): Promise<Project> {
  const project = await getDb().transaction(async (tx) => {
    await assertEditable(tx, id);
    const before = (await getProject(id, tx)).latencyThresholds;
    const thresholds = next(before);
    const now = new Date();
    await tx
      .update(latencyThresholds)
      .set({ ...thresholds, updatedAt: now })
      .where(eq(latencyThresholds.projectId, id));
    await tx.update(projects).set({ updatedAt: now }).where(eq(projects.id, id));
    const after = await getProject(id, tx);
    await recordProjectChange(tx, id, "latency thresholds", before, after.latencyThresholds);
    return after;
  });
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
