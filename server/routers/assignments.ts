import { z } from "zod";
import { changeAssignmentSchema, listCandidatesSchema } from "@/lib/validation/assignment";
import { addVideos, assignAutomatically, listAssignment, removeVideos } from "../services/assignment/assignments";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const engineer = roleProcedure("engineer");

export const assignmentsRouter = router({
  ofProject: protectedProcedure.input(listCandidatesSchema).query(({ input }) => listAssignment(input)),
  add: engineer.input(changeAssignmentSchema).mutation(({ input }) => addVideos(input)),
  remove: engineer.input(changeAssignmentSchema).mutation(({ input }) => removeVideos(input)),
  automatic: engineer
    .input(
      z.object({ projectId: z.uuid("Project id must be a UUID"), minScore: z.number().min(0).max(1).default(0.5) }),
    )
    .mutation(({ input }) => assignAutomatically(input.projectId, input.minScore)),
});
