/**
 * The run's report as PDF (DESIGN §11), made on the server from the evidence bundle's own files:
 * a title page (project, camera, firmware, date, rigs, decision rule, verdict), every criterion
 * (value, bound, limit, result), the figures per video and per class, the latency histogram and
 * each session's timeline (the results page's charts, drawn by ECharts to SVG), the timing chain,
 * the comparison with the run before, and the evidence digest. pdfkit with the DejaVu fonts (npm
 * packages): no browser on the server.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { detectionsOf } from "@/lib/analysis/detection-edges";
import type { EvaluationRecord, RunOutcomes, StoredGroundTruth } from "@/lib/analysis/evaluate-run";
import type { EvaluationConfig } from "@/lib/analysis/evaluation-config";
import { criterionFigure, millis, NA, percent, range } from "@/lib/analysis/figure-format";
import { ruleSentence } from "@/lib/analysis/rule-sentence";
import { sessionTimeline } from "@/lib/analysis/session-timeline";
import { echarts } from "@/lib/charts/echarts-setup";
import { latencyHistogramOption } from "@/lib/charts/latency-histogram-option";
import { timelineOption } from "@/lib/charts/timeline-option";
import { historyValue } from "@/lib/history-value";
import type { SessionInput } from "./rerun";

// The fonts' folder in the install Sightline runs from (read at run time; a bundler must not load .ttf as modules).
const fonts = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
const FONT = path.join(fonts, "DejaVuSans.ttf");
const FONT_BOLD = path.join(fonts, "DejaVuSans-Bold.ttf");

/** Timelines drawn (one per session); a run of more sessions lists the rest by name. */
const TIMELINES_MAX = 24;
const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const WIDTH = PAGE.width - 2 * PAGE.margin;

export type ReportInput = {
  project: { name: string; cameraModel: string; cameraView: string };
  run: { id: string; name: string | null; dryRun: boolean; analysedAt: string };
  firmware: { version: string | null; software_id: string | null; notes: string | null };
  rigs: { name: string; agent: Record<string, unknown> }[];
  clocks: {
    session_id: string;
    rig_id: string | null;
    source: string;
    anchor_source: string | null;
    clock_offset_ns: string | null;
  }[];
  config: EvaluationConfig;
  records: EvaluationRecord[];
  sessions: SessionInput[];
  groundTruth: Record<string, StoredGroundTruth[]>;
  comparison: {
    a: { firmware_version: string | null; name: string | null; workflow_id: string };
    gate: { verdict: string; recall: { reason: string }; latency: { reason: string } | null };
    events: number;
  } | null;
  history: {
    since: { workflow_id: string; name: string | null; firmware_version: string | null; created_at: string } | null;
    complete: boolean;
    changes: { at: string; actor: string; subject: string; change: string; before: unknown; after: unknown }[];
  };
  evidenceDigest: string;
};

function svgOf(option: object, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

type Doc = PDFKit.PDFDocument;

/** A section's heading, on a new page when less than `keep` points (its first content) would fit under it. */
function heading(doc: Doc, text: string, keep = 80) {
  if (doc.y > PAGE.height - PAGE.margin - keep) doc.addPage();
  doc.moveDown(0.8).font("bold").fontSize(13).fillColor("#0f172a").text(text, PAGE.margin, doc.y);
  doc.moveDown(0.3).font("body").fontSize(9.5).fillColor("#1e293b");
}

function paragraph(doc: Doc, text: string, options: { color?: string; size?: number } = {}) {
  doc
    .font("body")
    .fontSize(options.size ?? 9.5)
    .fillColor(options.color ?? "#1e293b")
    .text(text, PAGE.margin, doc.y, { width: WIDTH });
}

/** A table with a bold header row; columns share the width by `weights`; rows break across pages. */
function table(doc: Doc, header: string[], rows: string[][], weights: number[] = header.map(() => 1)) {
  const total = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => (w / total) * WIDTH);
  const draw = (cells: string[], bold: boolean) => {
    doc.font(bold ? "bold" : "body").fontSize(8.5);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 0) - 6 }))) + 6;
    if (doc.y + height > PAGE.height - PAGE.margin) {
      doc.addPage();
      if (!bold) draw(header, true);
    }
    const top = doc.y;
    let x = PAGE.margin;
    cells.forEach((cell, i) => {
      doc.fillColor(bold ? "#475569" : "#1e293b").text(cell, x + 3, top + 3, { width: (widths[i] ?? 0) - 6 });
      x += widths[i] ?? 0;
    });
    doc
      .moveTo(PAGE.margin, top + height)
      .lineTo(PAGE.margin + WIDTH, top + height)
      .lineWidth(0.4)
      .strokeColor("#cbd5e1")
      .stroke();
    doc.y = top + height;
  };
  draw(header, true);
  for (const row of rows) draw(row, false);
  doc.moveDown(0.5);
}

function chart(doc: Doc, option: object, height: number) {
  if (doc.y + height > PAGE.height - PAGE.margin) doc.addPage();
  // Without its own width and height, the drawing fills the box given here (svg-to-pdfkit reads
  // an SVG's pixel sizes as CSS pixels, 3/4 of a point, and drew the chart at 75 %).
  const svg = svgOf(option, Math.round(WIDTH), height).replace(/^<svg width="[\d.]+" height="[\d.]+"/, "<svg");
  SVGtoPDF(doc, svg, PAGE.margin, doc.y, {
    width: WIDTH,
    height,
    fontCallback: () => "body",
  });
  doc.y += height + 6;
}

const verdictWord = (v: string | null) => (v ? v.toUpperCase() : "N/A");

export function reportPdf(input: ReportInput): Promise<Buffer> {
  const run = input.records.at(-1) as Extract<EvaluationRecord, { scope: "workflow" }>;
  const outcomes = run.outcomes as RunOutcomes;
  const doc = new PDFDocument({
    size: "A4",
    margin: PAGE.margin,
    // Kept until the end, so that each page can be numbered "of N".
    bufferPages: true,
    info: { Title: `Validation report — ${input.project.name}`, Creator: "Sightline", Producer: "Sightline" },
  });
  if (!existsSync(FONT) || !existsSync(FONT_BOLD)) {
    throw new Error(
      `the report's fonts are missing (${fonts}): run Sightline from its folder, where npm installed dejavu-fonts-ttf`,
    );
  }
  doc.registerFont("body", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  // Title page.
  doc.font("bold").fontSize(22).fillColor("#0f172a").text("Validation report", PAGE.margin, 90);
  doc.moveDown(0.4).font("body").fontSize(14).text(input.project.name);
  doc.moveDown(1.2);
  const firmware = [
    input.firmware.version ?? "not stated",
    input.firmware.software_id ? `software id ${input.firmware.software_id}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  table(
    doc,
    ["", ""],
    [
      ["Camera", [input.project.cameraModel || "model not stated", input.project.cameraView].join(" · ")],
      ["Firmware", firmware],
      ...(input.firmware.notes ? [["Notes", input.firmware.notes]] : []),
      [
        "Run",
        `${input.run.name ?? "unnamed"} (${input.run.id})${input.run.dryRun ? " — dry run: playback simulated" : ""}`,
      ],
      ["Analysed", input.run.analysedAt],
      [
        "Rigs",
        input.rigs.length
          ? input.rigs.map((r) => r.name).join(", ")
          : "none (imported recordings or simulated playback)",
      ],
      ["Decision rule", ruleSentence(input.config.judging)],
      [
        "Based on",
        `${outcomes.sessions} session(s) of ${Object.keys(outcomes.byVideo).length} video(s), ${run.counts.reference} ground-truth event(s); ${outcomes.assignedVideos ?? "?"} video(s) assigned${
          outcomes.missingVideos?.length ? `, ${outcomes.missingVideos.length} without a completed session` : ""
        }`,
      ],
      ["Evidence digest", input.evidenceDigest],
    ],
    [1, 4],
  );
  doc
    .moveDown(1)
    .font("bold")
    .fontSize(28)
    .fillColor(run.verdict === "pass" ? "#047857" : run.verdict === "fail" ? "#b91c1c" : "#b45309");
  doc.text(verdictWord(run.verdict), PAGE.margin, doc.y);
  doc.moveDown(0.3);
  paragraph(
    doc,
    "The verdict covers only what was played. The evidence digest is the sha256 of this run's inputs and results as listed in the bundle's manifest; `sightline evidence verify` checks the bundle and derives the verdict again.",
    { color: "#475569", size: 8.5 },
  );

  doc.addPage();
  heading(doc, "Verdict and criteria");
  table(
    doc,
    ["Criterion", "Value", "Bound", "Limit", "Result"],
    run.criteria.map((c) => [
      `${c.label}${c.statistic ? ` (${c.statistic})` : ""}`,
      criterionFigure(c.key, c.value),
      c.bound === null || c.bound === undefined ? "—" : criterionFigure(c.key, c.bound),
      c.enabled ? `${c.comparison} ${criterionFigure(c.key, c.limit)}` : "not checked",
      `${c.status}${c.moreEvents ? ` (${c.moreEvents} more events would settle it)` : ""}`,
    ]),
    [3, 1.4, 1.4, 1.4, 2.2],
  );
  if (outcomes.missingVideos?.length) {
    paragraph(
      doc,
      `Videos without a completed session: ${outcomes.missingVideos.map((v) => `${v.fileName} (${v.reason})`).join("; ")}.`,
    );
  }

  const matrix = outcomes.testCases;
  if (matrix) {
    heading(doc, "Test cases");
    paragraph(
      doc,
      `${matrix.summary}. A case passes when each of its videos was played and every event was signalled inside its own window (not before not_before, by the deadline) with no early activation; a false-activation case passes with no activation. Margin: deadline − detection, in metres at the case's speed.`,
      { color: "#475569", size: 8.5 },
    );
    table(
      doc,
      ["Case", "Videos", "Detected", "Worst margin", "Early", "Status"],
      matrix.rows.map((c) => [
        `${c.id}${c.required ? "" : " (not required)"}\n${c.title} (UN ${c.regulation} §${c.paragraph})${c.verify.length ? `\nverify: ${c.verify.join(", ")}` : ""}`,
        c.videos.map((v) => v.fileName).join("\n") || "—",
        c.kind === "false-activation"
          ? `${c.falsePositives} activation${c.falsePositives === 1 ? "" : "s"}`
          : c.events
            ? `${c.detected} of ${c.events}${c.recallInterval ? `\n${range(c.recallInterval, "ratio")}` : ""}`
            : "—",
        c.worstMarginMs === null
          ? "—"
          : `${c.worstMarginMs.toFixed(0)} ms${c.worstMarginM === null ? "" : `\n${c.worstMarginM.toFixed(2)} m`}`,
        String(c.earlyActivations),
        `${c.status}${c.reasons.length ? `\n${c.reasons.join("\n")}` : ""}`,
      ]),
      [3.2, 2, 1.2, 1.2, 0.7, 2.4],
    );
  }

  heading(doc, "Per video");
  table(
    doc,
    ["Video", "Sessions", "Events", "TP", "FN", "FP", "Recall", "p95", "Verdict"],
    Object.values(outcomes.byVideo).map((v) => [
      v.fileName,
      String(v.sessions),
      String(v.counts.reference),
      String(v.counts.tp),
      String(v.counts.fn),
      String(v.counts.fp),
      `${percent(v.metrics.recall)}${v.intervals?.recall ? `\n${range(v.intervals.recall, "ratio")}` : ""}`,
      millis(v.latency.p95),
      verdictWord(v.verdict),
    ]),
    [2.8, 1.3, 1.1, 0.6, 0.6, 0.6, 1.6, 1.1, 1.1],
  );

  heading(doc, "Per class");
  table(
    doc,
    ["Class", "Events", "TP", "FN", "Recall", "Precision", "p95"],
    Object.entries(run.perClass).map(([name, c]) => [
      name,
      String(c.counts.reference),
      String(c.counts.tp),
      String(c.counts.fn),
      `${percent(c.ratios.recall)}${c.intervals?.recall ? ` ${range(c.intervals.recall, "ratio")}` : ""}`,
      c.ratios.precision === null ? NA : percent(c.ratios.precision),
      millis(c.latencyMs.p95),
    ]),
    [2, 1, 0.8, 0.8, 2.2, 1.2, 1.2],
  );

  heading(doc, "Latency", 260);
  const latencies = input.records.flatMap((r) =>
    r.scope === "session" ? r.outcomes.matches.map((m) => m.latencyMs) : [],
  );
  paragraph(
    doc,
    `p50 ${millis(run.latency.p50)} · p95 ${millis(run.latency.p95)}${run.intervals?.latencyMs.p95 ? ` (${range(run.intervals.latencyMs.p95, "ms")})` : ""} · p99 ${millis(run.latency.p99)} · max ${millis(run.latency.max)}`,
  );
  doc.moveDown(0.3);
  const histogram = latencyHistogramOption(
    latencies,
    input.config.latencyThresholds.warningThresholdMs,
    input.config.latencyThresholds.criticalThresholdMs,
  );
  chart(doc, histogram.option, 220);
  paragraph(doc, histogram.summary, { color: "#475569", size: 8.5 });

  heading(doc, "Timelines", 200);
  const sessions = input.records.filter(
    (r): r is Extract<EvaluationRecord, { scope: "session" }> => r.scope === "session",
  );
  const byId = new Map(input.sessions.map((s) => [s.id, s]));
  for (const record of sessions.slice(0, TIMELINES_MAX)) {
    const session = byId.get(record.sessionId);
    if (!session) continue;
    const timeline = {
      durationMs: session.video.durationMs,
      ...sessionTimeline(input.groundTruth[session.video.id] ?? [], detectionsOf(session.edges), record.outcomes),
    };
    if (doc.y + 190 > PAGE.height - PAGE.margin) doc.addPage();
    paragraph(
      doc,
      `${session.video.fileName} · session ${session.id.slice(0, 8)} · ${record.counts.tp} of ${record.counts.reference} found, ${record.counts.fp} false positives`,
    );
    chart(doc, timelineOption(timeline, undefined, undefined, true), 160);
  }
  if (sessions.length > TIMELINES_MAX) {
    paragraph(
      doc,
      `${sessions.length - TIMELINES_MAX} more sessions are in the bundle's inputs/sessions.json and on the results page.`,
    );
  }

  heading(doc, "Timing chain");
  const runRecord = input.records.find((r) => r.scope === "workflow");
  const basis = runRecord?.settings.timing;
  const timing = input.config.timing?.sessions ?? {};
  paragraph(
    doc,
    "Latency is measured from each video's time 0 as the player reported its first frame, on the rig host's clock.",
  );
  if (basis) {
    paragraph(doc, basis.statement);
    if (basis.uncertainty) {
      paragraph(
        doc,
        `The correction's standard error (${basis.uncertainty.standardErrorMs.toFixed(2)} ms, the largest of the rigs') is added in quadrature to each latency interval.`,
      );
    }
    if (basis.refused) paragraph(doc, `Latency criterion not judged: ${basis.refused}.`);
    for (const warning of basis.warnings) paragraph(doc, `Warning: ${warning}.`);
  } else {
    paragraph(
      doc,
      "This evaluation keeps no display calibration: the delay between the player and the monitor is part of every latency.",
    );
  }
  doc.moveDown(0.3);
  table(
    doc,
    ["Session", "Source", "Time 0 from", "Display correction", "Offset moved", "Longest RTT"],
    input.clocks.map((c) => {
      const t = timing[c.session_id];
      return [
        c.session_id.slice(0, 8),
        t?.eventClock ? `${c.source}: ${t.eventClock}` : c.source,
        c.anchor_source ?? "—",
        t?.calibration ? `${t.calibration.meanMs.toFixed(1)} ms (${t.calibration.ageDays} d old)` : "none",
        t?.clock ? `${t.clock.offsetChangeMs.toFixed(3)} ms` : "—",
        t?.clock ? `${t.clock.worstRttMs.toFixed(3)} ms` : "—",
      ];
    }),
    [1, 3, 1, 1.4, 1, 1],
  );

  heading(doc, "Against the run before");
  if (input.comparison) {
    const a = input.comparison.a;
    paragraph(
      doc,
      `${input.comparison.gate.verdict.toUpperCase()} against ${a.firmware_version ? `firmware ${a.firmware_version}` : (a.name ?? a.workflow_id)}, on ${input.comparison.events} ground-truth events both runs were judged on.`,
    );
    paragraph(doc, `Recall: ${input.comparison.gate.recall.reason}.`);
    if (input.comparison.gate.latency) paragraph(doc, `Latency: ${input.comparison.gate.latency.reason}.`);
  } else paragraph(doc, "No earlier run of this project shares a video with this one.");

  heading(doc, "Changes before this run");
  const since = input.history.since;
  paragraph(
    doc,
    since
      ? `Changes to the project, its videos' assignment, ground truth and tags since the run before (${since.name ?? since.firmware_version ?? since.workflow_id.slice(0, 8)}, ${since.created_at}) up to this run's start, from the append-only history:`
      : "Changes to the project, its videos' assignment, ground truth and tags up to this run's start (no run before it), from the append-only history:",
  );
  doc.moveDown(0.3);
  if (input.history.changes.length === 0) paragraph(doc, "None.");
  else {
    table(
      doc,
      ["When", "Who", "What", "Before", "After"],
      input.history.changes.map((c) => [
        c.at.replace("T", " ").slice(0, 19),
        c.actor,
        `${c.change}\n${c.subject}`,
        historyValue(c.before, 240),
        historyValue(c.after, 240),
      ]),
      [1.3, 1.5, 1.6, 2, 2],
    );
    if (!input.history.complete)
      paragraph(doc, "More changes are recorded than listed here: see the history in Sightline.");
  }

  // Page numbers, written last on every page.
  const range_ = doc.bufferedPageRange();
  for (let i = range_.start; i < range_.start + range_.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without lifting it, pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc
      .font("body")
      .fontSize(7.5)
      .fillColor("#64748b")
      .text(
        `${input.project.name} · run ${input.run.id.slice(0, 8)} · page ${i + 1} of ${range_.count}`,
        PAGE.margin,
        PAGE.height - 35,
        {
          width: WIDTH,
          align: "center",
          lineBreak: false,
        },
      );
  }
  doc.end();
  return done;
}
