import { baselineOfSchema, compareRunsSchema, firmwareTrendSchema } from "@/lib/validation/comparison";
import { compareWorkflows, gateOfRun } from "../services/comparison/compare-workflows";
import { firmwareTrend } from "../services/comparison/firmware-trend";
import { protectedProcedure, router } from "../trpc";

export const comparisonsRouter = router({
  compare: protectedProcedure.input(compareRunsSchema).query(({ input }) => compareWorkflows(input)),
  gateOfRun: protectedProcedure.input(baselineOfSchema).query(({ input }) => gateOfRun(input.id)),
  firmwareTrend: protectedProcedure.input(firmwareTrendSchema).query(({ input }) => firmwareTrend(input)),
});
