"use client";
/**
 * One session on a time axis: ground-truth intervals (detected or missed) on one lane, the
 * camera's detections (true positive, false positive, re-trigger) on the other; hovering an item
 * gives its times (tooltips are HTML: every text from data in them is escaped). Zoom with the slider or the mouse wheel on long videos.
 */
import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { escapeHtml } from "@/components/charts/escape-html";
import { plural } from "@/components/ui/plural";
import { outcomeColours } from "./outcome-colours";
import type { TimelineView } from "./types";

const LANES = ["Detections", "Ground truth"];
const seconds = (ms: number) => ms / 1000;
const fmt = (ms: number | null) => (ms === null ? "—" : `${seconds(ms).toFixed(3)} s`);

type Api = {
  value: (dimension: number) => number;
  coord: (point: [number, number]) => [number, number];
  size: (point: [number, number]) => [number, number];
  style: () => Record<string, unknown>;
};

/** Draws [lane, start, end] as a bar across the lane (ECharts custom series). */
function renderInterval(_params: unknown, api: Api) {
  const lane = api.value(0);
  const start = api.coord([api.value(1), lane]);
  const end = api.coord([api.value(2), lane]);
  const height = api.size([0, 1])[1] * 0.45;
  return {
    type: "rect",
    shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height },
    style: api.style(),
  };
}

export function TimelineChart({ timeline }: { timeline: TimelineView }) {
  const option = useMemo(() => {
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
          }`,
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
                ? "false positive"
                : "re-trigger inside a detected event"
          }`,
        }));
    const end = Math.max(
      seconds(timeline.durationMs ?? 0),
      ...timeline.groundTruth.map((g) => seconds(g.offsetMs)),
      ...timeline.detections.map((d) => seconds(d.offsetMs ?? d.onsetMs)),
    );
    const interval = (name: string, colour: string, data: ReturnType<typeof truth>) => ({
      name,
      type: "custom",
      renderItem: renderInterval,
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
      grid: { left: 100, right: 24, top: 40, bottom: 56 },
      legend: { top: 0, itemWidth: 14 },
      tooltip: {
        trigger: "item",
        formatter: (item: { data: { tip: string } }) => item.data.tip,
      },
      xAxis: { type: "value", min: 0, max: Math.ceil(end), name: "s", axisLabel: { formatter: "{value}" } },
      yAxis: { type: "category", data: LANES },
      dataZoom: [
        { type: "inside", xAxisIndex: 0, filterMode: "weakFilter" },
        { type: "slider", xAxisIndex: 0, height: 16, bottom: 8, filterMode: "weakFilter" },
      ],
      series: [
        interval("Detected (TP)", outcomeColours.tp, truth("tp")),
        interval("Missed (FN)", outcomeColours.fn, truth("fn")),
        ...(timeline.groundTruth.some((g) => g.outcome === "pending")
          ? [interval("Not reached yet", outcomeColours.pending, truth("pending"))]
          : []),
        points("True positive", outcomeColours.tp, "circle", found("tp")),
        points("False positive", outcomeColours.fp, "triangle", found("fp")),
        points("Re-trigger", outcomeColours.retrigger, "diamond", found("retrigger")),
      ],
    };
  }, [timeline]);

  const count = (list: readonly { outcome: string }[], outcome: string) =>
    list.filter((x) => x.outcome === outcome).length;
  return (
    <EChart
      option={option}
      height={200}
      label={`Timeline of ${timeline.fileName}`}
      summary={`${timeline.groundTruth.length} ground-truth events, ${count(timeline.groundTruth, "tp")} detected and ${count(
        timeline.groundTruth,
        "fn",
      )} missed; ${plural(timeline.detections.length, "detection")}: ${count(timeline.detections, "tp")} true positives, ${count(
        timeline.detections,
        "fp",
      )} false positives, ${count(timeline.detections, "retrigger")} re-triggers.`}
    />
  );
}
