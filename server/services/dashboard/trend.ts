/**
 * Pass rate and p95 detection latency of the filtered projects' runs, per day over the last
 * `days`: the runs finished that day, the share that passed, and the median of their p95s.
 */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { dashboardTrendSchema } from "@/lib/validation/dashboard";
import { getDb } from "@/server/runtime/slot";
import { parseInput } from "../parse-input";
import { cachedAnswer } from "./cache";
import { filterSql } from "./filters";

type Row = { day: string; runs: number; passed: number; judged: number; p95_median: number | null };

export async function dashboardTrend(raw: unknown) {
  const input = parseInput(dashboardTrendSchema, raw ?? {});
  return cachedAnswer("trend", input, () => trendOf(input));
}

async function trendOf(input: z.output<typeof dashboardTrendSchema>) {
  const rows = (await getDb().execute(sql`
    select to_char(date_trunc('day', w.finished_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
           count(*)::int as runs,
           count(*) filter (where w.verdict = 'pass')::int as passed,
           count(*) filter (where w.verdict in ('pass', 'fail'))::int as judged,
           percentile_cont(0.5) within group (order by w.p95_latency_ms) as p95_median
    from workflows w
    join projects p on p.id = w.project_id
    where ${filterSql(input)} and w.state = 'completed'
      and w.finished_at >= now() - make_interval(days => ${input.days})
    group by 1
    order by 1
  `)) as unknown as Row[];
  return {
    days: input.days,
    points: rows.map((r) => ({
      day: r.day,
      runs: r.runs,
      passRate: r.judged ? r.passed / r.judged : null,
      p95Ms: r.p95_median === null ? null : Number(r.p95_median),
    })),
  };
}
