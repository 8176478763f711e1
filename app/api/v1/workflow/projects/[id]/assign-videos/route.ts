import { pathId, restRoute } from "@/server/rest/rest-route";
import { assignVideosRestSchema } from "@/server/rest/rest-schemas";
import { addVideos, assignAutomatically } from "@/server/services/assignment/assignments";
import { parseInput } from "@/server/services/parse-input";

/** Assigns the videos named (`video_ids`), or the usable ones by score (`automatic: true`). */
export const POST = restRoute(
  "engineer",
  async ({ params, body }) => {
    const projectId = pathId(params, "project");
    const sent = parseInput(assignVideosRestSchema, await body());
    const result =
      "video_ids" in sent
        ? await addVideos({ projectId, videoIds: sent.video_ids })
        : await assignAutomatically(projectId, sent.min_score ?? 0.5);
    return {
      project_id: projectId,
      assigned: result.videos.map((v) => ({
        video_id: v.id,
        file_name: v.fileName,
        score: v.score,
        reason: v.reason,
        usable: v.eligible,
      })),
      count: result.added,
    };
  },
  { videoIds: "video_ids" },
);
