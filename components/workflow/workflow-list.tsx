"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLiveEvent } from "@/components/live/use-live";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { DataTable } from "@/components/ui/data-table";
import { liveRooms } from "@/server/realtime/live-events";
import { StateBadge } from "./state-badge";

/** Runs of one project, or the active runs of all projects; refreshed live. */
export function WorkflowList({ projectId, activeOnly = false }: { projectId?: string; activeOnly?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { projectId, activeOnly };
  const list = useQuery(trpc.workflows.list.queryOptions(input));
  useLiveEvent(projectId ? liveRooms.project(projectId) : liveRooms.workflows, "workflow:changed", () => {
    void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey(input) });
  });

  if (list.isError) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <p className="text-sm text-slate-500">Loading runs…</p>;
  if (list.data.length === 0) {
    return <p className="text-sm text-slate-500">{activeOnly ? "No run is active." : "No validation run yet."}</p>;
  }
  return (
    <DataTable columns={["Run", projectId ? null : "Project", "State", "Progress", "Strategy", "Started"]}>
      {list.data.map((run) => (
        <tr key={run.id}>
          <td className="py-2">
            <Link href={`/workflows/${run.id}`} className="font-mono text-xs text-link hover:underline">
              {run.id.slice(0, 8)}
            </Link>
          </td>
          {projectId ? null : <td className="py-2">{run.projectName}</td>}
          <td className="py-2">
            <StateBadge state={run.state} />
          </td>
          <td className="py-2 tabular-nums">{Math.round(run.overallProgress)}%</td>
          <td className="py-2 text-slate-600">
            {run.strategy}
            {run.chosenStrategy && run.chosenStrategy !== run.strategy ? ` → ${run.chosenStrategy}` : ""}
          </td>
          <td className="py-2 text-slate-500">{run.startedAt?.toLocaleString() ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
