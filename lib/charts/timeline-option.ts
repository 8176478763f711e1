/**
 * One session's timeline chart (ECharts option): ground-truth intervals (detected or missed) on one
 * lane, with each event's own window (DESIGN §13) as a band behind it, the camera's detections
 * (true positive, false positive — early where it came before a window —, re-trigger) on the other; its
 * tooltips are HTML, so every text from data in them is escaped. The results and compare pages
 * draw it in the browser, the report on the server: the same chart.
 */
import { escapeHtml } from "./escape-html";
import { outcomeColours } from "./outcome-colours";

/** A session's events as the timeline shows them (times in ms of video). */
export type TimelineData = {
  durationMs: number | null;
  groundTruth: {
    class: string;
    onsetMs: number;
    offsetMs: number;
    outcome: "tp" | "fn" | "pending";
    latencyMs: number | null;
    /** The event's own window and its match's margin (DESIGN §13), where it has them. */
    notBeforeMs?: number | null;
    deadlineMs?: number | null;
    marginMs?: number | null;
  }[];
  detections: {
    class: string | null;
    onsetMs: number;
    offsetMs: number | null;
    outcome: "tp" | "fp" | "retrigger";
    latencyMs: number | null;
    /** A false positive that came before an event's not_before. */
    early?: boolean;
  }[];
};

/** A moment marked across the chart (e.g. the frame of an event two runs judged differently). */
export type TimelineMarker = { atMs: number; label: string };

const LANES = ["Detections", "Ground truth"];
const seconds = (ms: number) => ms / 1000;
const fmt = (ms: number | null) => (ms === null ? "—" : `${seconds(ms).toFixed(3)} s`);

type Api = {
  value: (dimension: number) => number;
  coord: (point: [number, number]) => [number, number];
  size: (point: [number, number]) => [number, number];
  style: () => Record<string, unknown>;
};

/**
 * Draws [lane, start, end] as a rectangle across the lane (ECharts custom series), `share` of the
 * lane's height: a bar for an event, a taller band for an event's own window behind it.
 */
const renderRect = (share: number) => (_params: unknown, api: Api) => {
  const lane = api.value(0);
  const start = api.coord([api.value(1), lane]);
  const end = api.coord([api.value(2), lane]);
  const height = api.size([0, 1])[1] * share;
  return {
    type: "rect",
    shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height },
    style: api.style(),
  };
};
const renderInterval = renderRect(0.45);
const renderBand = renderRect(0.8);

/** An event's own window and margin for a tooltip (numbers only: nothing to escape). */
function windowTip(g: TimelineData["groundTruth"][number]): string {
  if (g.notBeforeMs == null && g.deadlineMs == null) return "";
  const parts = [
    g.notBeforeMs == null ? null : `not before ${fmt(g.notBeforeMs)}`,
    g.deadlineMs == null ? null : `deadline ${fmt(g.deadlineMs)}`,
    g.marginMs == null ? null : `margin ${g.marginMs.toFixed(1)} ms`,
  ].filter(Boolean);
  return `<br/>${parts.join(", ")}`;
}

export function timelineOption(
  timeline: TimelineData,
  /** The span shown first (zoomable out), in ms: charts given the same span line up frame for frame. */
  window?: { startMs: number; endMs: number },
  marker?: TimelineMarker,
  /** Without the zoom slider (a printed chart cannot be dragged). */
  print = false,
) {
  const truth = (outcome: "tp" | "fn" | "pending") =>
    timeline.groundTruth
      .filter((g) => g.outcome === outcome)
      .map((g) => ({
        value: [1, seconds(g.onsetMs), seconds(g.offsetMs)],
        tip: `${escapeHtml(g.class)} ${fmt(g.onsetMs)} – ${fmt(g.offsetMs)}<br/>${
          outcome === "tp"
            ? `detected after ${g.latencyMs?.toFixed(1)} ms`
            : outcome === "fn"
              ? "missed (false negative)"
              : "not reached yet"
        }${windowTip(g)}`,
      }));
  const bands = timeline.groundTruth
    .filter((g) => g.notBeforeMs != null || g.deadlineMs != null)
    .map((g) => ({
      value: [1, seconds(g.notBeforeMs ?? g.onsetMs), seconds(g.deadlineMs ?? g.offsetMs)],
      tip: `${escapeHtml(g.class)}: its own window${windowTip(g)}`,
    }));
  const found = (outcome: "tp" | "fp" | "retrigger") =>
    timeline.detections
      .filter((d) => d.outcome === outcome)
      .map((d) => ({
        value: [seconds(d.onsetMs), 0],
        tip: `detection at ${fmt(d.onsetMs)}${d.offsetMs !== null ? ` – ${fmt(d.offsetMs)}` : ""}${
          d.class ? ` (${escapeHtml(d.class)})` : ""
        }<br/>${
          outcome === "tp"
            ? `true positive, latency ${d.latencyMs?.toFixed(1)} ms`
            : outcome === "fp"
              ? d.early
                ? "early activation: before an event's not_before (a false positive)"
                : "false positive"
              : "re-trigger inside a detected event"
        }`,
      }));
  const end = Math.max(
    seconds(timeline.durationMs ?? 0),
    ...timeline.groundTruth.map((g) => seconds(g.offsetMs)),
    ...timeline.detections.map((d) => seconds(d.offsetMs ?? d.onsetMs)),
  );
  const zoom = window
    ? { startValue: Math.max(0, seconds(window.startMs)), endValue: Math.min(Math.ceil(end), seconds(window.endMs)) }
    : {};
  const interval = (name: string, colour: string, data: ReturnType<typeof truth>) => ({
    name,
    type: "custom",
    renderItem: renderInterval,
    // Zoomed in, an interval that starts before the span is cut at the axis, not drawn past it.
    clip: true,
    encode: { x: [1, 2], y: 0 },
    itemStyle: { color: colour, opacity: 0.85 },
    data,
  });
  const points = (name: string, colour: string, symbol: string, data: ReturnType<typeof found>) => ({
    name,
    type: "scatter",
    symbol,
    symbolSize: 12,
    itemStyle: { color: colour },
    data,
  });
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 100, right: 24, top: 40, bottom: print ? 32 : 56 },
    // Printed text is measured by estimate: more room between legend items.
    legend: { top: 0, itemWidth: 14, itemGap: print ? 28 : 10 },
    tooltip: {
      trigger: "item",
      formatter: (item: { data: { tip: string } }) => item.data.tip,
    },
    xAxis: { type: "value", min: 0, max: Math.ceil(end), name: "s", axisLabel: { formatter: "{value}" } },
    yAxis: { type: "category", data: LANES },
    dataZoom: print
      ? []
      : [
          { type: "inside", xAxisIndex: 0, filterMode: "weakFilter", ...zoom },
          { type: "slider", xAxisIndex: 0, height: 16, bottom: 8, filterMode: "weakFilter", ...zoom },
        ],
    series: [
      ...(bands.length
        ? [
            {
              name: "Event window",
              type: "custom",
              renderItem: renderBand,
              clip: true,
              encode: { x: [1, 2], y: 0 },
              itemStyle: { color: outcomeColours.window, opacity: 0.35 },
              data: bands,
            },
          ]
        : []),
      {
        ...interval("Detected (TP)", outcomeColours.tp, truth("tp")),
        ...(marker
          ? {
              markLine: {
                silent: true,
                symbol: "none",
                lineStyle: { color: outcomeColours.fp, type: "dashed", width: 1.5 },
                // Drawn on the canvas, not HTML; a function so that braces in it are not a template.
                label: { formatter: () => marker.label, position: "end" },
                data: [{ xAxis: seconds(marker.atMs) }],
              },
            }
          : {}),
      },
      interval("Missed (FN)", outcomeColours.fn, truth("fn")),
      ...(timeline.groundTruth.some((g) => g.outcome === "pending")
        ? [interval("Not reached yet", outcomeColours.pending, truth("pending"))]
        : []),
      points("True positive", outcomeColours.tp, "circle", found("tp")),
      points("False positive", outcomeColours.fp, "triangle", found("fp")),
      points("Re-trigger", outcomeColours.retrigger, "diamond", found("retrigger")),
    ],
  };
}
