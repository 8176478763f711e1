"use client";
/**
 * A workflow as the page shows it: the snapshot from the server, then live pushes applied on top
 * when they are newer than what is shown (by the workflow's version), so a reconnect that reloads the
 * snapshot never shows an older state, and no push is applied twice.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLiveEvent, useLiveReconnect } from "@/components/live/use-live";
import { useTRPC } from "@/components/trpc/client";
import { liveRooms, type WorkflowPush } from "@/lib/live-events";

export function useLiveWorkflow(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.workflows.byId.queryKey({ id });
  const query = useQuery(trpc.workflows.byId.queryOptions({ id }));

  useLiveEvent(liveRooms.workflow(id), "workflow:changed", (push: WorkflowPush) => {
    if (push.workflowId !== id) return;
    let transitioned = false;
    queryClient.setQueryData(key, (current) => {
      if (!current || push.version <= current.version) return current;
      transitioned =
        push.state !== current.state ||
        push.tasks.some((t) => current.tasks.find((c) => c.name === t.name)?.state !== t.state);
      return {
        ...current,
        state: push.state as typeof current.state,
        control: push.control as typeof current.control,
        progress: push.progress,
        overallProgress: push.overallProgress,
        version: push.version,
        tasks: current.tasks.map((task) => {
          const pushed = push.tasks.find((t) => t.name === task.name);
          return pushed ? { ...task, ...pushed, state: pushed.state as typeof task.state } : task;
        }),
      };
    });
    // The timeline's new rows come with the next snapshot (a progress-only push has none).
    if (transitioned) void queryClient.invalidateQueries({ queryKey: key });
  });
  useLiveReconnect(() => void queryClient.invalidateQueries({ queryKey: key }));
  return query;
}
