/**
 * The results as files: JSON (everything the page shows) and CSV (one row per scope — run,
 * class, video, session — with the same columns, then one row per criterion and one per test case:
 * its status, and its worst margin in ms as the value), for spreadsheets and reports.
 */
import { csvLine } from "@/lib/analysis/csv";
import type { Counts, LatencyStats } from "@/lib/analysis/evaluate";
import type { Figures as FigureSet } from "@/lib/analysis/evaluate-run";
import type { FigureIntervals } from "@/lib/analysis/figure-intervals";
import { ruleSentence } from "@/lib/analysis/rule-sentence";
import type { Results } from "./types";

type Ratios = FigureSet["metrics"];

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
  "interval_level",
  "interval_method",
  ...["precision", "recall", "false_positive_rate", "accuracy", "false_positives_per_hour"].flatMap((f) => [
    `${f}_low`,
    `${f}_high`,
  ]),
  ...["p50", "p95", "p99"].flatMap((p) => [`latency_${p}_low_ms`, `latency_${p}_high_ms`]),
];
const header = ["scope", "name", ...metricColumns, "verdict", "value", "limit", "status", "bound", "more_events"];

/** Figures as an evaluation keeps them (a class's carry `ratios` and `latencyMs` under their own names). */
type Figures =
  | { counts: Counts | null; metrics: Ratios | null; latency: LatencyStats | null; intervals?: FigureIntervals | null }
  | { counts: Counts; ratios: Ratios; latencyMs: LatencyStats; intervals?: FigureIntervals | null };

/** Both ends of an interval, blank where there is none (an open end is blank too). */
const ends = (i: readonly [number | null, number | null] | null | undefined) => [i?.[0] ?? "", i?.[1] ?? ""];

function figures(f: Figures): unknown[] {
  const { counts, ratios, latency } =
    "ratios" in f ? { ...f, latency: f.latencyMs } : { counts: f.counts, ratios: f.metrics, latency: f.latency };
  const i = f.intervals;
  return [
    counts?.reference,
    counts?.detections,
    counts?.tp,
    counts?.fp,
    counts?.fn,
    counts?.retriggers,
    counts?.tn,
    ratios?.precision,
    ratios?.recall,
    ratios?.f1,
    ratios?.falsePositiveRate,
    ratios?.accuracy,
    ratios?.falsePositivesPerHour,
    latency?.mean,
    latency?.p50,
    latency?.p95,
    latency?.p99,
    latency?.max,
    i?.level ?? "",
    i?.method ?? "",
    ...ends(i?.precision),
    ...ends(i?.recall),
    ...ends(i?.falsePositiveRate),
    ...ends(i?.accuracy),
    ...ends(i?.falsePositivesPerHour),
    ...ends(i?.latencyMs.p50),
    ...ends(i?.latencyMs.p95),
    ...ends(i?.latencyMs.p99),
  ];
}

/** The software under test in one line: firmware, software id, notes. */
function softwareLine(w: Pick<Results["workflow"], "firmwareVersion" | "softwareId" | "softwareNotes">): string {
  return [
    `firmware ${w.firmwareVersion ?? "not stated"}`,
    w.softwareId ? `software id ${w.softwareId}` : null,
    w.softwareNotes ? `notes: ${w.softwareNotes}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

export function resultsCsv(results: Results): string {
  const rows: unknown[][] = [header];
  const e = results.evaluation;
  if (e) {
    const name = results.workflow.dryRun ? `${results.workflow.projectName} (dry run)` : results.workflow.projectName;
    rows.push([
      "run",
      name,
      ...figures(e),
      results.workflow.dryRun ? `${e.verdict} (dry run)` : e.verdict,
      "",
      "",
      "",
      "",
      "",
    ]);
    // What was tested, then the decision rule the verdict follows, as the report states them.
    rows.push(["software", softwareLine(results.workflow), ...metricColumns.map(() => ""), "", "", "", "", "", ""]);
    rows.push(["judging", ruleSentence(e.judging), ...metricColumns.map(() => ""), "", "", "", "", "", ""]);
    for (const [name, c] of Object.entries(e.perClass)) {
      rows.push(["class", name, ...figures(c), "", "", "", "", "", ""]);
    }
    for (const v of e.byVideo) {
      rows.push(["video", v.fileName, ...figures(v), v.verdict, "", "", "", "", ""]);
    }
    for (const s of results.sessions.filter((x) => x.evaluated)) {
      rows.push(["session", `${s.fileName} (${s.id})`, ...figures(s), s.verdict, "", "", "", "", ""]);
    }
    for (const c of e.testCases?.rows ?? []) {
      rows.push([
        "test case",
        `${c.id} ${c.title}`,
        ...metricColumns.map(() => ""),
        "",
        c.worstMarginMs ?? "",
        c.kind === "false-activation" ? "no activation" : `${c.detected} of ${c.events} in their windows`,
        c.status,
        "",
        "",
      ]);
    }
    for (const c of e.criteria) {
      const blanks = metricColumns.map(() => "");
      rows.push([
        "criterion",
        c.label,
        ...blanks,
        "",
        c.value,
        `${c.comparison} ${c.limit}`,
        c.status,
        c.bound ?? "",
        c.moreEvents ?? "",
      ]);
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
