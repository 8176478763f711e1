import { importDetectionsSchema, resultsOfWorkflowSchema, sessionTimelineSchema } from "@/lib/validation/results";
import { getResults } from "../services/results/get-results";
import { getTimeline } from "../services/results/get-timeline";
import { importDetections } from "../services/results/import-detections";
import { reanalyzeRun } from "../services/results/reanalyze-run";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const engineer = roleProcedure("engineer");

export const resultsRouter = router({
  byWorkflow: protectedProcedure.input(resultsOfWorkflowSchema).query(({ input }) => getResults(input.workflowId)),
  timeline: protectedProcedure
    .input(sessionTimelineSchema)
    .query(({ input }) => getTimeline(input.workflowId, input.sessionId)),
  importDetections: engineer.input(importDetectionsSchema).mutation(({ input }) => importDetections(input)),
  reanalyze: engineer.input(resultsOfWorkflowSchema).mutation(({ input }) => reanalyzeRun(input.workflowId)),
});
