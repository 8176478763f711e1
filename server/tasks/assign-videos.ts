/**
 * video_assignment: the videos this run plays. Videos named in the run's parameters
 * (`videoIds`) are added to the project's assignment; a project without any assignment gets the
 * automatic choice (eligible videos by score, see services/assignment); an existing assignment,
 * made on the assignment screen or by an earlier run, is kept and scored afresh. The list is
 * frozen into the task's output: later changes apply to the next run.
 */

import { automaticChoice, writeAssignment } from "../services/assignment/assignments";
import { byScore, scoredVideos } from "../services/assignment/scored-videos";
import { getProject } from "../services/projects/get-project";
import type { TaskDefinition } from "../workflow/registry";
import { PermanentTaskError } from "../workflow/task-error";
import { type TaskOutput, taskOutputSchemas } from "./outputs";

export const assignVideos: TaskDefinition<TaskOutput<"assign_videos">> = {
  name: "assign_videos",
  output: taskOutputSchemas.assign_videos,
  phase: "video_assignment",
  dependsOn: ["allocate_resources"],
  weight: 2,
  component: "video_assignment",
  async handler({ projectId, parameters, progress }) {
    const project = await getProject(projectId);
    const named = parameters.videoIds ?? [];
    const explicit = named.length ? await scoredVideos(project, { videoIds: named }) : [];
    if (explicit.length < named.length) {
      const found = new Set(explicit.map((v) => v.id));
      const unknown = named.filter((id) => !found.has(id));
      throw new PermanentTaskError(`The run names videos that do not exist: ${unknown.slice(0, 5).join(", ")}.`);
    }
    await progress(30);
    let rows = await scoredVideos(project, { assignedOnly: true });
    let automatic = false;
    if (rows.length === 0 && explicit.length === 0) {
      rows = await automaticChoice(project);
      automatic = true;
    }
    const byId = new Map([...rows, ...explicit].map((v) => [v.id, v]));
    const chosen = [...byId.values()].sort(byScore);
    if (chosen.length === 0) {
      throw new PermanentTaskError(
        `No video suits camera view "${project.cameraView}" with usable ground truth: tag and annotate videos, or assign them on the project's Videos screen.`,
      );
    }
    return {
      output: {
        assigned: chosen.length,
        automatic,
        videoIds: chosen.map((v) => v.id),
        scores: Object.fromEntries(chosen.map((v) => [v.fileName, v.score])),
      },
      commit: (tx) => writeAssignment(tx, projectId, chosen),
    };
  },
};
