/**
 * ground_truth_generation: makes sure the assigned videos have ground truth. Videos without any
 * are left out of the run (and listed); the run fails only if none is left.
 */
import { count, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { groundTruthEvents, videos } from "@/db/schema";
import type { TaskDefinition } from "../registry";
import { PermanentTaskError } from "../task-error";

export const generateGroundTruth: TaskDefinition = {
  name: "generate_ground_truth",
  phase: "ground_truth_generation",
  dependsOn: ["assign_videos"],
  weight: 3,
  component: "ground_truth",
  async handler({ outputs, progress }) {
    const videoIds = (outputs.assign_videos?.videoIds as string[] | undefined) ?? [];
    const counts = videoIds.length
      ? await getDb()
          .select({ videoId: groundTruthEvents.videoId, events: count() })
          .from(groundTruthEvents)
          .where(inArray(groundTruthEvents.videoId, videoIds))
          .groupBy(groundTruthEvents.videoId)
      : [];
    await progress(50);
    const withTruth = new Map(counts.map((c) => [c.videoId, c.events]));
    const missing = videoIds.filter((id) => !withTruth.has(id));
    const names = missing.length
      ? await getDb().select({ fileName: videos.fileName }).from(videos).where(inArray(videos.id, missing))
      : [];
    const usable = videoIds.filter((id) => withTruth.has(id));
    if (usable.length === 0) {
      throw new PermanentTaskError(
        `None of the ${videoIds.length} assigned videos has ground truth: import or annotate it first.`,
      );
    }
    return {
      output: {
        videoIds: usable,
        events: [...withTruth.values()].reduce((a, b) => a + b, 0),
        excluded: names.map((n) => n.fileName),
      },
    };
  },
};
