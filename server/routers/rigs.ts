import { createRigSchema, rigIdSchema } from "@/lib/validation/rig";
import { createRig } from "../services/rigs/create-rig";
import { listRigs } from "../services/rigs/list-rigs";
import { rotateRigToken } from "../services/rigs/rotate-rig-token";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const admin = roleProcedure("admin");

export const rigsRouter = router({
  list: protectedProcedure.query(() => listRigs()),
  create: admin.input(createRigSchema).mutation(({ input }) => createRig(input)),
  rotateToken: admin.input(rigIdSchema).mutation(({ input }) => rotateRigToken(input)),
});
