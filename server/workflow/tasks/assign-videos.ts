/**
 * video_assignment: picks the videos for the project by camera view and tags. A video tagged
 * with the project's camera view scores 1; an untagged one 0.5; one of another view is left out.
 * Assignments already made (by hand or an earlier run) are kept.
 */
import { getDb } from "@/db/client";
import { projectVideos, videos } from "@/db/schema";
import { getProject } from "../../services/projects/get-project";
import type { TaskDefinition } from "../registry";
import { PermanentTaskError } from "../task-error";

export const assignVideos: TaskDefinition = {
  name: "assign_videos",
  phase: "video_assignment",
  dependsOn: ["allocate_resources"],
  weight: 2,
  component: "video_assignment",
  async handler({ projectId, parameters, progress }) {
    const project = await getProject(projectId);
    const wantedScenarios = Array.isArray(parameters.scenarios) ? (parameters.scenarios as string[]) : null;
    const library = await getDb().select({ id: videos.id, fileName: videos.fileName, tags: videos.tags }).from(videos);
    const picked: Array<{ videoId: string; score: number; reason: string }> = [];
    for (const [index, video] of library.entries()) {
      const view = video.tags.cameraView;
      const scenario = typeof video.tags.scenario === "string" ? video.tags.scenario : undefined;
      if (view && view !== project.cameraView) continue;
      if (wantedScenarios && (!scenario || !wantedScenarios.includes(scenario))) continue;
      picked.push({
        videoId: video.id,
        score: view ? 1 : 0.5,
        reason: view ? `camera view ${view} matches` : "untagged camera view",
      });
      if (index % 50 === 49) await progress((100 * (index + 1)) / library.length);
    }
    if (picked.length === 0) {
      throw new PermanentTaskError(
        `No video matches camera view "${project.cameraView}"${wantedScenarios ? ` and scenarios ${wantedScenarios.join(", ")}` : ""}.`,
      );
    }
    return {
      output: { assigned: picked.length, videoIds: picked.map((p) => p.videoId) },
      commit: async (tx) => {
        await tx
          .insert(projectVideos)
          .values(picked.map((p) => ({ projectId, ...p })))
          .onConflictDoNothing();
      },
    };
  },
};
