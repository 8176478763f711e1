/** The runs going on now for the filtered projects, newest first, with how many there are. */
import { sql } from "drizzle-orm";
import { type DashboardFilters, dashboardFiltersSchema } from "@/lib/validation/dashboard";
import { getDb } from "@/server/runtime/slot";
import { parseInput } from "../parse-input";
import { cachedAnswer } from "./cache";
import { filterSql } from "./filters";

type Row = {
  id: string;
  project_id: string;
  project_name: string;
  state: string;
  overall_progress: number;
  started_at: string | null;
  total: number;
};

export async function activeRuns(raw: unknown, limit = 10) {
  const filters = parseInput(dashboardFiltersSchema, raw ?? {});
  return cachedAnswer("activeRuns", { filters, limit }, () => activeRunsOf(filters, limit));
}

async function activeRunsOf(filters: DashboardFilters, limit: number) {
  const rows = (await getDb().execute(sql`
    select w.id, w.project_id, p.name as project_name, w.state, w.overall_progress, w.started_at,
           count(*) over () as total
    from workflows w
    join projects p on p.id = w.project_id
    where ${filterSql(filters)} and w.state not in ('completed', 'failed', 'cancelled') and w.control <> 'idle'
    order by w.created_at desc
    limit ${limit}
  `)) as unknown as Row[];
  return {
    total: Number(rows[0]?.total ?? 0),
    runs: rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      projectName: r.project_name,
      state: r.state,
      overallProgress: r.overall_progress,
      startedAt: r.started_at ? new Date(r.started_at) : null,
    })),
  };
}
