"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLiveEvent } from "@/components/live/use-live";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Pager } from "@/components/ui/pager";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import { liveRooms } from "@/lib/live-events";
import type { ListWorkflowsInput } from "@/lib/validation/workflow";
import { DryRunBadge } from "./dry-run-badge";
import { formatDuration, runLabel } from "./run-label";
import { StateBadge } from "./state-badge";

type Filter = Omit<ListWorkflowsInput & object, "page" | "pageSize">;

/**
 * Runs as a table, refreshed live: one project's, the active ones, or every run matching the
 * Runs page's filters. Each row names the run and says its verdict, firmware, rigs, videos and
 * duration; a dry run is marked. `comparable` adds a column to pick two analysed runs and compare them.
 */
export function WorkflowList({
  filter = {},
  page = 1,
  pageSize = 50,
  onPage,
  emptyText,
  comparable = false,
}: {
  filter?: Filter;
  page?: number;
  pageSize?: number;
  onPage?: (page: number) => void;
  emptyText?: string;
  comparable?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const queryClient = useQueryClient();
  const input = { ...filter, page, pageSize };
  const list = useQuery({ ...trpc.workflows.list.queryOptions(input), placeholderData: keepPreviousData });
  useLiveEvent(filter.projectId ? liveRooms.project(filter.projectId) : liveRooms.workflows, "workflow:changed", () => {
    void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
  });

  if (list.isError) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <p className="text-sm text-slate-500">Loading runs…</p>;
  const { runs, total } = list.data;
  if (runs.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        {emptyText ?? (filter.activeOnly ? "No run is active." : "No validation run yet.")}
      </p>
    );
  }
  const oneProject = Boolean(filter.projectId);
  const pickedRuns = runs.filter((r) => picked.includes(r.id));
  const sameProject = new Set(pickedRuns.map((r) => r.projectId)).size <= 1;
  const toggle = (id: string) =>
    setPicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id].slice(-2)));
  const compare = () => {
    // A is the run that finished first (the baseline), B the later one.
    const [a, b] = [...pickedRuns].sort((x, y) => (x.finishedAt?.getTime() ?? 0) - (y.finishedAt?.getTime() ?? 0));
    if (a && b) router.push(`/workflows/compare?a=${a.id}&b=${b.id}`);
  };
  return (
    <>
      {comparable ? (
        <div className="mb-3 flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <Button variant="secondary" disabled={pickedRuns.length !== 2 || !sameProject} onClick={compare}>
            Compare selected runs
          </Button>
          <span aria-live="polite">
            {!sameProject
              ? "Runs of different projects cannot be compared."
              : pickedRuns.length === 2
                ? "The earlier run is A (the baseline), the later one B."
                : "Tick two analysed runs of one project to compare them event by event."}
          </span>
        </div>
      ) : null}
      <DataTable
        columns={[
          comparable ? { label: "Compare", hidden: true } : null,
          "Run",
          oneProject ? null : "Project",
          "State",
          "Verdict",
          "Firmware",
          "Rigs",
          "Videos",
          "Duration",
          "Started",
        ]}
      >
        {runs.map((run) => (
          <tr key={run.id} aria-label={`Run ${runLabel(run)}`}>
            {comparable ? (
              <td className="py-2 pr-3">
                {run.state === "completed" && run.verdict ? (
                  <input
                    type="checkbox"
                    className="size-4 rounded border-slate-300 text-link"
                    aria-label={`Compare ${runLabel(run)}`}
                    checked={picked.includes(run.id)}
                    onChange={() => toggle(run.id)}
                  />
                ) : null}
              </td>
            ) : null}
            <td className="py-2 pr-3">
              <Link href={`/workflows/${run.id}`} className="font-medium text-link hover:underline">
                {runLabel(run)}
              </Link>{" "}
              <DryRunBadge dryRun={run.dryRun} />
            </td>
            {oneProject ? null : (
              <td className="py-2 pr-3">
                <Link href={`/projects/${run.projectId}`} className="hover:underline">
                  {run.projectName}
                </Link>
              </td>
            )}
            <td className="py-2 pr-3">
              <StateBadge state={run.state} />
              {run.state !== "completed" && run.state !== "cancelled" && run.state !== "failed" ? (
                <span className="ml-2 text-xs tabular-nums text-slate-500">{Math.round(run.overallProgress)}%</span>
              ) : null}
            </td>
            <td className="py-2 pr-3">
              {run.verdict ? <VerdictBadge verdict={run.verdict} /> : <span className="text-slate-500">—</span>}
            </td>
            <td className="py-2 pr-3 font-mono text-xs">
              {run.firmwareVersion ?? "—"}
              {run.softwareId ? <span className="block break-all text-slate-500">{run.softwareId}</span> : null}
            </td>
            <td className="py-2 pr-3 text-slate-600">
              {run.rigNames.length ? run.rigNames.join(", ") : run.dryRun ? "none (simulated)" : "—"}
            </td>
            <td className="py-2 pr-3 tabular-nums">{run.videos}</td>
            <td className="py-2 pr-3 tabular-nums">{formatDuration(run.durationMs)}</td>
            <td className="py-2 whitespace-nowrap text-slate-500">
              {(run.startedAt ?? run.createdAt).toLocaleString()}
            </td>
          </tr>
        ))}
      </DataTable>
      {onPage ? <Pager page={page} pageSize={pageSize} total={total} onPage={onPage} label="Run pages" /> : null}
    </>
  );
}
