"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLiveEvent } from "@/components/live/use-live";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
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
 * duration; a dry run is marked.
 */
export function WorkflowList({
  filter = {},
  page = 1,
  pageSize = 50,
  onPage,
  emptyText,
}: {
  filter?: Filter;
  page?: number;
  pageSize?: number;
  onPage?: (page: number) => void;
  emptyText?: string;
}) {
  const trpc = useTRPC();
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
  return (
    <>
      <DataTable
        columns={[
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
            <td className="py-2 pr-3 font-mono text-xs">{run.firmwareVersion ?? "—"}</td>
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
