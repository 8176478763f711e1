import {
  listVideosSchema,
  renameVideoSchema,
  tagVideosSchema,
  updateVideoTagsSchema,
  videoIdSchema,
} from "@/lib/validation/video";
import { getVideo } from "../services/videos/get-video";
import { listVideos } from "../services/videos/list-videos";
import { deleteVideo, renameVideo } from "../services/videos/manage-video";
import { readTimeBaseOf } from "../services/videos/read-time-base";
import { tagVideos } from "../services/videos/tag-videos";
import { updateVideoTags } from "../services/videos/update-video-tags";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const engineer = roleProcedure("engineer");

export const videosRouter = router({
  list: protectedProcedure.input(listVideosSchema).query(({ input }) => listVideos(input)),
  byId: protectedProcedure.input(videoIdSchema).query(({ input }) => getVideo(input.id)),
  updateTags: engineer.input(updateVideoTagsSchema).mutation(({ input }) => updateVideoTags(input)),
  tagMany: engineer.input(tagVideosSchema).mutation(({ input }) => tagVideos(input)),
  rename: engineer.input(renameVideoSchema).mutation(({ input }) => renameVideo(input)),
  delete: engineer.input(videoIdSchema).mutation(({ input }) => deleteVideo(input)),
  /** Reads the time base of a video uploaded before Sightline read frame timestamps (DESIGN §12). */
  readTimeBase: engineer.input(videoIdSchema).mutation(({ input }) => readTimeBaseOf(input.id)),
});
