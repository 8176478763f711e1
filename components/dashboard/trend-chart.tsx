"use client";
/** Pass rate (share of judged runs that passed) and median p95 latency per day, one chart. */
import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import type { RouterOutputs } from "@/components/trpc/client";
import { plural } from "@/components/ui/plural";

type Trend = RouterOutputs["dashboard"]["trend"];

export function TrendChart({ trend }: { trend: Trend }) {
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      legend: { data: ["Pass rate", "p95 latency"], top: 0 },
      grid: { left: 48, right: 56, top: 32, bottom: 28 },
      xAxis: { type: "category", data: trend.points.map((p) => p.day.slice(5)) },
      yAxis: [
        { type: "value", min: 0, max: 100, name: "%", axisLabel: { formatter: "{value}%" } },
        { type: "value", name: "ms", splitLine: { show: false } },
      ],
      series: [
        {
          name: "Pass rate",
          type: "line",
          data: trend.points.map((p) => (p.passRate === null ? null : Math.round(p.passRate * 1000) / 10)),
          itemStyle: { color: "#059669" },
          connectNulls: true,
        },
        {
          name: "p95 latency",
          type: "line",
          yAxisIndex: 1,
          data: trend.points.map((p) => (p.p95Ms === null ? null : Math.round(p.p95Ms))),
          itemStyle: { color: "#2f6fde" },
          connectNulls: true,
        },
      ],
    }),
    [trend],
  );
  const judged = trend.points.filter((p) => p.passRate !== null);
  const runs = trend.points.reduce((n, p) => n + p.runs, 0);
  const summary = judged.length
    ? `${plural(runs, "run")} over ${plural(trend.days, "day")}; pass rate from ${Math.round((judged[0]?.passRate ?? 0) * 100)}% to ${Math.round((judged.at(-1)?.passRate ?? 0) * 100)}%.`
    : `No judged run in the last ${trend.days} days.`;
  if (trend.points.length === 0) return <p className="text-sm text-slate-500">{summary}</p>;
  return <EChart option={option} label="Pass rate and p95 latency per day" summary={summary} height={220} />;
}
