/**
 * ground_truth_generation: every assigned video must have ground truth a second engineer has
 * reviewed, or at least a draft when the project allows drafts. Otherwise the task fails with the
 * videos at fault and what to do; retrying cannot help until someone acts, so it is permanent.
 */
import { count, inArray } from "drizzle-orm";
import { groundTruthEvents, videos } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { getProject } from "../services/projects/get-project";
import type { TaskDefinition } from "../workflow/registry";
import { PermanentTaskError } from "../workflow/task-error";
import { outputOf, type TaskOutput, taskOutputSchemas } from "./outputs";

export const generateGroundTruth: TaskDefinition<TaskOutput<"generate_ground_truth">> = {
  name: "generate_ground_truth",
  output: taskOutputSchemas.generate_ground_truth,
  phase: "ground_truth_generation",
  dependsOn: ["assign_videos"],
  weight: 3,
  component: "ground_truth",
  async handler({ projectId, outputs, progress }) {
    const project = await getProject(projectId);
    const videoIds = outputOf(outputs, "assign_videos")?.videoIds ?? [];
    if (videoIds.length === 0) throw new PermanentTaskError("No video is assigned to this run.");
    const rows = await getDb()
      .select({ id: videos.id, fileName: videos.fileName, status: videos.groundTruthStatus })
      .from(videos)
      .where(inArray(videos.id, videoIds));
    await progress(50);
    const usable = (status: string) => status === "reviewed" || (status === "draft" && project.allowDraftGroundTruth);
    const unusable = rows.filter((r) => !usable(r.status));
    if (unusable.length > 0) {
      const names = unusable
        .slice(0, 5)
        .map((r) => `${r.fileName} (${r.status === "none" ? "no ground truth" : "draft, not reviewed"})`)
        .join(", ");
      const more = unusable.length > 5 ? ` and ${unusable.length - 5} more` : "";
      const fix = project.allowDraftGroundTruth
        ? "import or annotate their ground truth, or remove them from the project's videos"
        : "have a second engineer review their ground truth, remove them from the project's videos, or allow draft ground truth in the project's video requirements";
      throw new PermanentTaskError(
        `${unusable.length} of ${videoIds.length} assigned videos lack reviewed ground truth: ${names}${more}. To go on, ${fix}.`,
      );
    }
    const counts = await getDb()
      .select({ events: count() })
      .from(groundTruthEvents)
      .where(inArray(groundTruthEvents.videoId, videoIds));
    return {
      output: {
        videoIds,
        events: counts[0]?.events ?? 0,
        drafts: rows.filter((r) => r.status === "draft").map((r) => r.fileName),
      },
    };
  },
};
