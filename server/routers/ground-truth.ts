import { z } from "zod";
import {
  deleteGroundTruthEventSchema,
  importGroundTruthSchema,
  putGroundTruthEventSchema,
  reviewGroundTruthSchema,
} from "@/lib/validation/ground-truth";
import { deleteGroundTruthEvent, putGroundTruthEvent } from "../services/ground-truth/edit-ground-truth";
import { importGroundTruth } from "../services/ground-truth/import-ground-truth";
import { listGroundTruth } from "../services/ground-truth/list-ground-truth";
import { previewGroundTruth } from "../services/ground-truth/read-ground-truth";
import { reviewGroundTruth } from "../services/ground-truth/review-ground-truth";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const engineer = roleProcedure("engineer");

export const groundTruthRouter = router({
  ofVideo: protectedProcedure
    .input(z.object({ videoId: z.uuid("Video id must be a UUID") }))
    .query(({ input }) => listGroundTruth(input.videoId)),
  preview: engineer.input(importGroundTruthSchema).mutation(({ input }) => previewGroundTruth(input)),
  import: engineer.input(importGroundTruthSchema).mutation(({ input, ctx }) => importGroundTruth(input, ctx.user.id)),
  putEvent: engineer
    .input(putGroundTruthEventSchema)
    .mutation(({ input, ctx }) => putGroundTruthEvent(input, ctx.user.id)),
  deleteEvent: engineer
    .input(deleteGroundTruthEventSchema)
    .mutation(({ input, ctx }) => deleteGroundTruthEvent(input, ctx.user.id)),
  review: engineer.input(reviewGroundTruthSchema).mutation(({ input, ctx }) => reviewGroundTruth(input, ctx.user.id)),
});
