/** resource_allocation: which rigs can run the tests, and how much rig time the run needs. */
import { eq } from "drizzle-orm";
import { rigs, videos } from "@/db/schema";
import { videoViewOf } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { getProject } from "../services/projects/get-project";
import type { TaskDefinition } from "../workflow/registry";
import { type TaskOutput, taskOutputSchemas } from "./outputs";

/** Set-up time per video on a rig (load, sync pulse, settle) on top of its playing time. */
const SETUP_SECONDS_PER_VIDEO = 10;

export const allocateResources: TaskDefinition<TaskOutput<"allocate_resources">> = {
  name: "allocate_resources",
  output: taskOutputSchemas.allocate_resources,
  phase: "resource_allocation",
  dependsOn: ["validate_project"],
  critical: true,
  weight: 1,
  async handler({ projectId }) {
    const project = await getProject(projectId);
    const available = await getDb()
      .select({ id: rigs.id, name: rigs.name })
      .from(rigs)
      .where(eq(rigs.status, "online"));
    const library = await getDb().select({ durationMs: videos.durationMs, tags: videos.tags }).from(videos);
    const view = videoViewOf(project.cameraView);
    const candidates = library.filter((v) => !v.tags.cameraView || v.tags.cameraView === view);
    const playSeconds = candidates.reduce((sum, v) => sum + (v.durationMs ?? 0) / 1000, 0);
    const estimatedRigSeconds = Math.round(playSeconds + SETUP_SECONDS_PER_VIDEO * candidates.length);
    return {
      output: {
        rigs: available,
        estimatedRigSeconds,
        note: available.length === 0 ? "No rig is online now; test execution will wait for one." : undefined,
      },
    };
  },
};
