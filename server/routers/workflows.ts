import {
  createWorkflowSchema,
  listWorkflowsSchema,
  pauseWorkflowSchema,
  workflowIdSchema,
} from "@/lib/validation/workflow";
import { cancelWorkflow } from "../services/workflows/cancel-workflow";
import { createWorkflow } from "../services/workflows/create-workflow";
import { getWorkflow } from "../services/workflows/get-workflow";
import { listRunSessions } from "../services/workflows/list-run-sessions";
import { listWorkflows } from "../services/workflows/list-workflows";
import { pauseWorkflow } from "../services/workflows/pause-workflow";
import { resumeWorkflow } from "../services/workflows/resume-workflow";
import { retryWorkflow } from "../services/workflows/retry-workflow";
import { startWorkflow } from "../services/workflows/start-workflow";
import { protectedProcedure, roleProcedure, router } from "../trpc";

const engineer = roleProcedure("engineer");

export const workflowsRouter = router({
  byId: protectedProcedure.input(workflowIdSchema).query(({ input }) => getWorkflow(input.id)),
  sessions: protectedProcedure.input(workflowIdSchema).query(({ input }) => listRunSessions(input.id)),
  list: protectedProcedure.input(listWorkflowsSchema).query(({ input }) => listWorkflows(input)),
  create: engineer.input(createWorkflowSchema).mutation(({ input, ctx }) => createWorkflow(input, ctx.user.id)),
  start: engineer.input(workflowIdSchema).mutation(({ input, ctx }) => startWorkflow(input, ctx.user.id)),
  pause: engineer.input(pauseWorkflowSchema).mutation(({ input, ctx }) => pauseWorkflow(input, ctx.user.id)),
  resume: engineer.input(workflowIdSchema).mutation(({ input, ctx }) => resumeWorkflow(input, ctx.user.id)),
  cancel: engineer.input(workflowIdSchema).mutation(({ input, ctx }) => cancelWorkflow(input, ctx.user.id)),
  retry: engineer.input(workflowIdSchema).mutation(({ input, ctx }) => retryWorkflow(input, ctx.user.id)),
});
