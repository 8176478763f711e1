/**
 * The dashboard's headline figures for the filtered projects: how many there are, how many
 * passed or failed their latest finished run (the others: no run yet, or not judged), the runs
 * active now, and the rigs.
 */
import { sql } from "drizzle-orm";
import { type DashboardFilters, dashboardFiltersSchema } from "@/lib/validation/dashboard";
import { getDb } from "@/server/runtime/slot";
import { parseInput } from "../parse-input";
import { cachedAnswer } from "./cache";
import { filterSql } from "./filters";

type Row = {
  projects: number;
  passing: number;
  failing: number;
  active_runs: number;
  rigs: number;
  rigs_online: number;
  rigs_busy: number;
};

export async function dashboardOverview(raw: unknown) {
  const filters = parseInput(dashboardFiltersSchema, raw ?? {});
  return cachedAnswer("overview", filters, () => overviewOf(filters));
}

async function overviewOf(filters: DashboardFilters) {
  const [row] = (await getDb().execute(sql`
    with filtered as (select p.id from projects p where ${filterSql(filters)}),
    latest as (
      select w.verdict
      from filtered f
      cross join lateral (
        select w.verdict from workflows w
        where w.project_id = f.id and w.state = 'completed'
        order by w.finished_at desc nulls last
        limit 1
      ) w
    )
    select
      (select count(*)::int from filtered) as projects,
      v.passing, v.failing,
      (select count(*)::int from workflows w join filtered f on f.id = w.project_id
        where w.state not in ('completed', 'failed', 'cancelled') and w.control <> 'idle') as active_runs,
      (select count(*)::int from rigs) as rigs,
      (select count(*)::int from rigs where status = 'online') as rigs_online,
      (select count(distinct s.rig_id)::int from test_sessions s join rigs r on r.id = s.rig_id
        where r.status = 'online' and s.status = 'running') as rigs_busy
    from (
      select count(*) filter (where verdict = 'pass')::int as passing,
             count(*) filter (where verdict = 'fail')::int as failing
      from latest
    ) v
  `)) as unknown as Row[];
  const r = row as Row;
  return {
    projects: r.projects,
    passing: r.passing,
    failing: r.failing,
    notJudged: r.projects - r.passing - r.failing,
    activeRuns: r.active_runs,
    rigs: { total: r.rigs, online: r.rigs_online, busy: r.rigs_busy },
  };
}
