"use client";
/** The run's latency histogram (lib/charts/latency-histogram-option.ts), drawn on the results page. */
import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import { latencyHistogramOption } from "@/lib/charts/latency-histogram-option";

export function LatencyHistogram({
  latencies,
  warningMs,
  criticalMs,
}: {
  latencies: number[];
  warningMs: number | null;
  criticalMs: number | null;
}) {
  const { option, summary } = useMemo(
    () => latencyHistogramOption(latencies, warningMs, criticalMs),
    [latencies, warningMs, criticalMs],
  );
  return <EChart option={option} label="Latency histogram" summary={summary} height={260} />;
}
