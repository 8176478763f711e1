/**
 * The dashboard's projects, a page at a time, each with its latest verdict and the trend of its
 * last runs (verdict and p95 detection latency per run). Aggregated in SQL: the page is chosen
 * first (filters, order by name, limit/offset), then one lateral lookup per project on it, so the
 * cost follows the page size, not the number of projects or runs.
 */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { dashboardProjectsSchema } from "@/lib/validation/dashboard";
import { dashboardProjectsSchema as schema } from "@/lib/validation/dashboard";
import { getDb } from "@/server/runtime/slot";
import { parseInput } from "../parse-input";
import { cachedAnswer } from "./cache";
import { filterSql } from "./filters";

type RunPoint = {
  workflowId: string;
  finishedAt: Date;
  verdict: string | null;
  p95Ms: number | null;
  /** Played without a rig: its verdict rests on simulated playback or imported files. */
  dryRun: boolean;
  /** The decision rule its verdict followed (null for runs analysed before it was kept). */
  decisionRule: string | null;
  /** The lower end of recall's interval. */
  recallLowerBound: number | null;
};
type ProjectSummary = {
  id: string;
  name: string;
  cameraModel: string;
  cameraView: string;
  /** Newest run first. */
  runs: RunPoint[];
  passRate: number | null;
};

type Row = {
  id: string;
  name: string;
  camera_model: string;
  camera_view: string;
  total: number;
  runs: Array<{
    workflow_id: string;
    finished_at: string;
    verdict: string | null;
    p95: number | null;
    dry_run: boolean;
    decision_rule: string | null;
    recall_lower_bound: number | null;
  }> | null;
};

export async function projectSummaries(raw: z.input<typeof dashboardProjectsSchema>) {
  const input = parseInput(schema, raw);
  return cachedAnswer("projects", input, () => summariesOf(input));
}

async function summariesOf(input: z.output<typeof dashboardProjectsSchema>) {
  const rows = (await getDb().execute(sql`
    with page as (
      select p.id, p.name, p.camera_model, p.camera_view, count(*) over () as total
      from projects p
      where ${filterSql(input)}
        ${
          input.latestVerdict
            ? sql`and (select w.verdict from workflows w where w.project_id = p.id and w.state = 'completed'
                order by w.finished_at desc nulls last limit 1) = ${input.latestVerdict}`
            : sql``
        }
      order by lower(p.name), p.id
      limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}
    )
    select page.*, runs.runs
    from page
    left join lateral (
      select json_agg(json_build_object(
        'workflow_id', r.id, 'finished_at', r.finished_at, 'verdict', r.verdict, 'p95', r.p95, 'dry_run', r.dry_run,
        'decision_rule', r.decision_rule, 'recall_lower_bound', r.recall_lower_bound
      ) order by r.finished_at desc) as runs
      from (
        select w.id, w.finished_at, w.verdict, w.p95_latency_ms as p95, w.dry_run, w.decision_rule, w.recall_lower_bound
        from workflows w
        where w.project_id = page.id and w.state = 'completed'
        order by w.finished_at desc nulls last
        limit ${input.runs}
      ) r
    ) runs on true
    order by lower(page.name), page.id
  `)) as unknown as Row[];
  const projects: ProjectSummary[] = rows.map((row) => {
    const runs = (row.runs ?? []).map((r) => ({
      workflowId: r.workflow_id,
      finishedAt: new Date(r.finished_at),
      verdict: r.verdict,
      p95Ms: r.p95,
      dryRun: r.dry_run,
      decisionRule: r.decision_rule,
      recallLowerBound: r.recall_lower_bound,
    }));
    const judged = runs.filter((r) => r.verdict === "pass" || r.verdict === "fail");
    return {
      id: row.id,
      name: row.name,
      cameraModel: row.camera_model,
      cameraView: row.camera_view,
      runs,
      passRate: judged.length ? judged.filter((r) => r.verdict === "pass").length / judged.length : null,
    };
  });
  return { total: Number(rows[0]?.total ?? 0), page: input.page, pageSize: input.pageSize, projects };
}
