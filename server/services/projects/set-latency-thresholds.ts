/** Replaces a project's six latency thresholds. */
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { latencyThresholds, projects } from "@/db/schema";
import { setLatencyThresholdsSchema } from "@/db/validation/project";
import { publishProjectChanged } from "../../realtime/publish";
import { parseInput } from "../parse-input";
import { getProject, type Project } from "./get-project";
import { assertEditable } from "./lock-project";

export async function setLatencyThresholds(raw: unknown): Promise<Project> {
  const { id, latencyThresholds: thresholds } = parseInput(setLatencyThresholdsSchema, raw);
  const project = await getDb().transaction(async (tx) => {
    await assertEditable(tx, id);
    const now = new Date();
    await tx
      .update(latencyThresholds)
      .set({ ...thresholds, updatedAt: now })
      .where(eq(latencyThresholds.projectId, id));
    await tx.update(projects).set({ updatedAt: now }).where(eq(projects.id, id));
    return getProject(id, tx);
  });
  publishProjectChanged({ projectId: id, change: "updated", name: project.name });
  return project;
}
