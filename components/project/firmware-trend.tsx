"use client";
/**
 * Recall (with its interval) and p95 latency per firmware version: the newest analysed run of
 * each version, in the order they ran (dry runs marked). The table under the chart holds the
 * same figures, with links to the runs and a comparison of each version with the one before.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { EChart } from "@/components/charts/echart";
import type { RouterOutputs } from "@/components/trpc/client";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import { DryRunBadge } from "@/components/workflow/dry-run-badge";
import { millis, percent, range } from "@/lib/analysis/figure-format";
import { escapeHtml } from "@/lib/charts/escape-html";

type Trend = RouterOutputs["comparisons"]["firmwareTrend"];

type Api = {
  value: (dimension: number) => number;
  coord: (point: [number, number]) => [number, number];
  style: () => Record<string, unknown>;
};

/** An interval as a whisker: [x, low, high] drawn as a vertical line with caps. */
function renderWhisker(_params: unknown, api: Api) {
  const low = api.coord([api.value(0), api.value(1)]);
  const high = api.coord([api.value(0), api.value(2)]);
  const cap = 5;
  const style = { ...api.style(), stroke: "#059669", lineWidth: 1.5 };
  return {
    type: "group",
    children: [
      { type: "line", shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
      { type: "line", shape: { x1: low[0] - cap, y1: low[1], x2: low[0] + cap, y2: low[1] }, style },
      { type: "line", shape: { x1: high[0] - cap, y1: high[1], x2: high[0] + cap, y2: high[1] }, style },
    ],
  };
}

const version = (v: string | null) => v ?? "not stated";

function TrendChart({ trend }: { trend: Trend }) {
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: {
        trigger: "axis",
        formatter: (items: { dataIndex: number }[]) => {
          const p = trend[items[0]?.dataIndex ?? 0];
          if (!p) return "";
          return `firmware ${escapeHtml(version(p.firmwareVersion))}${p.dryRun ? " (dry run)" : ""}<br/>recall ${percent(p.recall)} (${escapeHtml(
            range(p.recallInterval, "ratio") || "n/a",
          )})<br/>p95 ${millis(p.p95LatencyMs)}`;
        },
      },
      legend: { data: ["Recall", "p95 latency"], top: 0 },
      grid: { left: 48, right: 56, top: 32, bottom: 28 },
      xAxis: { type: "category", data: trend.map((p) => version(p.firmwareVersion)) },
      yAxis: [
        { type: "value", min: 0, max: 100, name: "%", axisLabel: { formatter: "{value}%" } },
        { type: "value", name: "ms", splitLine: { show: false } },
      ],
      series: [
        {
          name: "Recall",
          type: "line",
          data: trend.map((p) => (p.recall === null ? null : Math.round(p.recall * 1000) / 10)),
          itemStyle: { color: "#059669" },
          connectNulls: true,
        },
        {
          name: "Recall interval",
          type: "custom",
          renderItem: renderWhisker,
          encode: { x: 0, y: [1, 2] },
          data: trend.flatMap((p, i) =>
            p.recallInterval ? [[i, p.recallInterval[0] * 100, p.recallInterval[1] * 100]] : [],
          ),
          tooltip: { show: false },
          z: 1,
        },
        {
          name: "p95 latency",
          type: "line",
          yAxisIndex: 1,
          data: trend.map((p) => (p.p95LatencyMs === null ? null : Math.round(p.p95LatencyMs))),
          itemStyle: { color: "#2f6fde" },
          connectNulls: true,
        },
      ],
    }),
    [trend],
  );
  const first = trend[0];
  const last = trend.at(-1);
  const summary =
    first && last
      ? `${trend.length} firmware versions; recall from ${percent(first.recall)} (${version(first.firmwareVersion)}) to ${percent(last.recall)} (${version(last.firmwareVersion)}), p95 from ${millis(first.p95LatencyMs)} to ${millis(last.p95LatencyMs)}.`
      : "";
  return <EChart option={option} label="Recall and p95 latency per firmware version" summary={summary} height={220} />;
}

export function FirmwareTrend({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const trend = useQuery(trpc.comparisons.firmwareTrend.queryOptions({ projectId }));
  return (
    <Card
      title="Firmware trend"
      description="Recall with its interval and p95 latency of the newest analysed run of each firmware version (a version known only from dry runs is marked)."
    >
      {trend.isError ? <Alert>{trend.error.message}</Alert> : null}
      {trend.isPending ? <p className="text-sm text-slate-500">Loading the trend…</p> : null}
      {trend.data && trend.data.length === 0 ? (
        <p className="text-sm text-slate-500">No analysed run yet: the trend starts with the first one.</p>
      ) : null}
      {trend.data && trend.data.length > 0 ? (
        <div className="space-y-4">
          {trend.data.length > 1 ? <TrendChart trend={trend.data} /> : null}
          <DataTable columns={["Firmware", "Run", "Verdict", "Recall", "p95 latency", "Against the version before"]}>
            {trend.data.map((p, i) => {
              const before = trend.data[i - 1];
              return (
                <tr key={p.workflowId}>
                  <td className="py-2 pr-3 font-mono text-xs">{version(p.firmwareVersion)}</td>
                  <td className="py-2 pr-3">
                    <Link href={`/workflows/${p.workflowId}/results`} className="text-link hover:underline">
                      {p.name ?? (p.finishedAt ? p.finishedAt.toLocaleDateString() : p.workflowId.slice(0, 8))}
                    </Link>{" "}
                    <DryRunBadge dryRun={p.dryRun} />
                  </td>
                  <td className="py-2 pr-3">
                    <VerdictBadge verdict={p.verdict} />
                  </td>
                  <td className="py-2 pr-3 tabular-nums">
                    {percent(p.recall)} <span className="text-slate-500">{range(p.recallInterval, "ratio")}</span>
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{millis(p.p95LatencyMs)}</td>
                  <td className="py-2 pr-3">
                    {before ? (
                      <Link
                        href={`/workflows/compare?a=${before.workflowId}&b=${p.workflowId}`}
                        className="text-link hover:underline"
                      >
                        Compare with {version(before.firmwareVersion)}
                      </Link>
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </div>
      ) : null}
    </Card>
  );
}
