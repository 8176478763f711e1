/**
 * The dashboard's projects as CSV, with the filters of the page: one line per project with its
 * latest verdict, pass rate and p95 over its last runs, and links to its pages. Produced a page at
 * a time (the same query as the table), so a large export streams instead of building in memory.
 */
import { csvLine } from "@/lib/analysis/csv";
import { projectSummaries } from "./project-summaries";

const header = [
  "project",
  "camera_model",
  "camera_view",
  "latest_verdict",
  "latest_is_dry_run",
  "latest_decision_rule",
  "latest_recall_lower_bound",
  "latest_run_finished_at",
  "latest_p95_ms",
  "pass_rate_last_runs",
  "runs_counted",
  "project_url",
  "latest_results_url",
];

export async function* projectsCsv(filters: unknown, origin: string): AsyncGenerator<string> {
  yield `${csvLine(header)}\n`;
  const base = typeof filters === "object" && filters ? filters : {};
  for (let page = 1; ; page++) {
    const { projects, total, pageSize } = await projectSummaries({ ...base, page, pageSize: 100 });
    for (const p of projects) {
      const latest = p.runs[0];
      yield `${csvLine([
        p.name,
        p.cameraModel,
        p.cameraView,
        latest?.verdict ?? "",
        latest ? latest.dryRun : "",
        latest?.decisionRule ?? "",
        latest?.recallLowerBound ?? "",
        latest?.finishedAt.toISOString() ?? "",
        latest?.p95Ms ?? "",
        p.passRate ?? "",
        p.runs.length,
        `${origin}/projects/${p.id}`,
        latest ? `${origin}/workflows/${latest.workflowId}/results` : "",
      ])}\n`;
    }
    if (page * pageSize >= total) return;
  }
}
