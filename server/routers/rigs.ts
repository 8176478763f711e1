import { requestCalibrationSchema } from "@/lib/validation/calibration";
import { createRigSchema, rigIdSchema } from "@/lib/validation/rig";
import { rigWithCalibrations } from "../services/calibrations/list-calibrations";
import { requestCalibration } from "../services/calibrations/request-calibration";
import { createRig } from "../services/rigs/create-rig";
import { listRigs } from "../services/rigs/list-rigs";
import { rotateRigToken } from "../services/rigs/rotate-rig-token";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const admin = roleProcedure("admin");
const engineer = roleProcedure("engineer");

export const rigsRouter = router({
  list: protectedProcedure.query(() => listRigs()),
  create: admin.input(createRigSchema).mutation(({ input }) => createRig(input)),
  rotateToken: admin.input(rigIdSchema).mutation(({ input }) => rotateRigToken(input)),
  /** One rig with its display calibrations (DESIGN §12). */
  get: protectedProcedure.input(rigIdSchema).query(({ input }) => rigWithCalibrations(input.id)),
  calibrate: engineer
    .input(requestCalibrationSchema)
    .mutation(({ input, ctx }) => requestCalibration(input, ctx.user.id)),
});
