import { z } from "zod";
import { dashboardFiltersSchema, dashboardProjectsSchema, dashboardTrendSchema } from "@/lib/validation/dashboard";
import { activeRuns } from "../services/dashboard/active-runs";
import { filterOptions } from "../services/dashboard/filter-options";
import { dashboardOverview } from "../services/dashboard/overview";
import { projectSummaries } from "../services/dashboard/project-summaries";
import { rigUtilisation } from "../services/dashboard/rig-utilisation";
import { dashboardTrend } from "../services/dashboard/trend";
import { protectedProcedure, router } from "../trpc";

export const dashboardRouter = router({
  overview: protectedProcedure.input(dashboardFiltersSchema).query(({ input }) => dashboardOverview(input)),
  projects: protectedProcedure.input(dashboardProjectsSchema).query(({ input }) => projectSummaries(input)),
  trend: protectedProcedure.input(dashboardTrendSchema).query(({ input }) => dashboardTrend(input)),
  activeRuns: protectedProcedure.input(dashboardFiltersSchema).query(({ input }) => activeRuns(input)),
  rigs: protectedProcedure
    .input(
      z
        .object({
          hours: z
            .number()
            .int()
            .min(1)
            .max(24 * 31)
            .default(24),
        })
        .default({ hours: 24 }),
    )
    .query(({ input }) => rigUtilisation(input.hours)),
  filterOptions: protectedProcedure.query(() => filterOptions()),
});
