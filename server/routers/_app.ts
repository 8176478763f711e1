import { createCallerFactory, router } from "../trpc";
import { apiTokensRouter } from "./api-tokens";
import { assignmentsRouter } from "./assignments";
import { comparisonsRouter } from "./comparisons";
import { dashboardRouter } from "./dashboard";
import { groundTruthRouter } from "./ground-truth";
import { healthRouter } from "./health";
import { historyRouter } from "./history";
import { projectsRouter } from "./projects";
import { resultsRouter } from "./results";
import { rigsRouter } from "./rigs";
import { usersRouter } from "./users";
import { videosRouter } from "./videos";
import { workflowsRouter } from "./workflows";

export const appRouter = router({
  apiTokens: apiTokensRouter,
  assignments: assignmentsRouter,
  comparisons: comparisonsRouter,
  dashboard: dashboardRouter,
  groundTruth: groundTruthRouter,
  health: healthRouter,
  history: historyRouter,
  projects: projectsRouter,
  results: resultsRouter,
  rigs: rigsRouter,
  users: usersRouter,
  videos: videosRouter,
  workflows: workflowsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
