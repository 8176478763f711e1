/** Inputs of the managers' dashboard: one schema for the page, the procedures and the CSV route. */
import { z } from "zod";

export const dashboardFiltersSchema = z.object({
  cameraModel: z.string().trim().max(200).optional(),
  cameraView: z.string().trim().max(60, "Camera view at most 60 characters").optional(),
});
export type DashboardFilters = z.infer<typeof dashboardFiltersSchema>;

export const dashboardProjectsSchema = dashboardFiltersSchema.extend({
  search: z.string().trim().max(120).optional(),
  /** Only projects whose latest completed run has this verdict (the Passing and Failing tiles). */
  latestVerdict: z.enum(["pass", "fail"]).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
  /** How many of the latest runs each project's trend shows. */
  runs: z.number().int().min(1).max(50).default(10),
});

export const dashboardTrendSchema = dashboardFiltersSchema.extend({
  days: z.number().int().min(1).max(365).default(30),
});

/** Query-string form of the filters (the CSV export's link). */
export function filtersFromSearchParams(params: URLSearchParams): unknown {
  return {
    cameraModel: params.get("cameraModel") || undefined,
    cameraView: params.get("cameraView") || undefined,
    search: params.get("search") || undefined,
  };
}
