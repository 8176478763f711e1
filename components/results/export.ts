/**
 * The results as files: JSON (everything the page shows) and CSV (one row per scope — run,
 * class, video, session — with the same columns, then one row per criterion), for spreadsheets
 * and reports.
 */
import { csvLine } from "@/server/analysis/csv";
import type { Results } from "./types";

const metricColumns = [
  "reference",
  "detections",
  "tp",
  "fp",
  "fn",
  "retriggers",
  "tn",
  "precision",
  "recall",
  "f1",
  "false_positive_rate",
  "accuracy",
  "false_positives_per_hour",
  "latency_mean_ms",
  "latency_p50_ms",
  "latency_p95_ms",
  "latency_p99_ms",
  "latency_max_ms",
];
const header = ["scope", "name", ...metricColumns, "verdict", "value", "limit", "status"];

type Figures = {
  counts?: Record<string, unknown> | null;
  metrics?: Record<string, unknown> | null;
  ratios?: Record<string, unknown> | null;
  latency?: Record<string, unknown> | null;
  latencyMs?: Record<string, unknown> | null;
};

function figures(f: Figures): unknown[] {
  const counts = f.counts ?? {};
  const ratios = f.metrics ?? f.ratios ?? {};
  const latency = f.latency ?? f.latencyMs ?? {};
  return [
    counts.reference,
    counts.detections,
    counts.tp,
    counts.fp,
    counts.fn,
    counts.retriggers,
    counts.tn,
    ratios.precision,
    ratios.recall,
    ratios.f1,
    ratios.falsePositiveRate,
    ratios.accuracy,
    ratios.falsePositivesPerHour,
    latency.mean,
    latency.p50,
    latency.p95,
    latency.p99,
    latency.max,
  ];
}

export function resultsCsv(results: Results): string {
  const rows: unknown[][] = [header];
  const e = results.evaluation;
  if (e) {
    const name = results.workflow.dryRun ? `${results.workflow.projectName} (dry run)` : results.workflow.projectName;
    rows.push(["run", name, ...figures(e), results.workflow.dryRun ? `${e.verdict} (dry run)` : e.verdict, "", "", ""]);
    for (const [name, c] of Object.entries(e.perClass as Record<string, Figures>)) {
      rows.push(["class", name, ...figures(c), "", "", "", ""]);
    }
    for (const v of e.byVideo as (Figures & { fileName?: string; verdict?: string })[]) {
      rows.push(["video", v.fileName, ...figures(v), v.verdict, "", "", ""]);
    }
    for (const s of results.sessions.filter((x) => x.evaluated)) {
      rows.push(["session", `${s.fileName} (${s.id})`, ...figures(s), s.verdict, "", "", ""]);
    }
    for (const c of e.criteria) {
      const blanks = metricColumns.map(() => "");
      rows.push(["criterion", c.label, ...blanks, "", c.value, `${c.comparison} ${c.limit}`, c.status]);
    }
  }
  return `${rows.map(csvLine).join("\n")}\n`;
}

export function resultsJson(results: Results): string {
  const { videos: _candidates, ...rest } = results;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
