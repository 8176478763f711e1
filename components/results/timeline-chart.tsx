"use client";
/**
 * One session on a time axis (lib/charts/timeline-option.ts); hovering an item gives its times.
 * Zoom with the slider or the mouse wheel on long videos.
 */
import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { plural } from "@/components/ui/plural";
import { type TimelineMarker, timelineOption } from "@/lib/charts/timeline-option";
import type { TimelineView } from "./types";

export function TimelineChart({
  timeline,
  window,
  marker,
  height = 200,
}: {
  timeline: TimelineView;
  /** The span shown first (zoomable out), in ms: charts given the same span line up frame for frame. */
  window?: { startMs: number; endMs: number };
  marker?: TimelineMarker;
  height?: number;
}) {
  const option = useMemo(() => timelineOption(timeline, window, marker), [timeline, window, marker]);

  const count = (list: readonly { outcome: string }[], outcome: string) =>
    list.filter((x) => x.outcome === outcome).length;
  return (
    <EChart
      option={option}
      height={height}
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
