import { z } from "zod";
import { importGroundTruthSchema } from "@/db/validation/ground-truth";
import { importGroundTruth } from "../services/ground-truth/import-ground-truth";
import { listGroundTruth } from "../services/ground-truth/list-ground-truth";
import { previewGroundTruth } from "../services/ground-truth/read-ground-truth";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const engineer = roleProcedure("engineer");

export const groundTruthRouter = router({
  ofVideo: protectedProcedure
    .input(z.object({ videoId: z.uuid("Video id must be a UUID") }))
    .query(({ input }) => listGroundTruth(input.videoId)),
  preview: engineer.input(importGroundTruthSchema).mutation(({ input }) => previewGroundTruth(input)),
  import: engineer.input(importGroundTruthSchema).mutation(({ input }) => importGroundTruth(input)),
});
