"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RunGate } from "@/components/comparison/run-gate";
import { useLiveConnected } from "@/components/live/use-live";
import { useCanEdit } from "@/components/shell/current-user";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { ProgressBar } from "@/components/ui/progress-bar";
import { isTerminalRunState } from "@/lib/states";
import { DryRunBadge } from "./dry-run-badge";
import { LiveSessionsPanel } from "./live-sessions-panel";
import { PlaybackSummary } from "./playback-summary";
import { runLabel } from "./run-label";
import { SoftwareIdentity } from "./software-identity";
import { StateBadge } from "./state-badge";
import { useLiveWorkflow } from "./use-live-workflow";

const componentLabels: Record<string, string> = {
  video_assignment: "Video assignment",
  ground_truth: "Ground truth",
  test_execution: "Test execution",
  analysis: "Analysis",
  validation: "Validation",
};

export function WorkflowPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const canEdit = useCanEdit();
  const workflow = useLiveWorkflow(id);
  const live = useLiveConnected();
  const [failure, setFailure] = useState<string | null>(null);
  const pause = useMutation(trpc.workflows.pause.mutationOptions());
  const resume = useMutation(trpc.workflows.resume.mutationOptions());
  const cancel = useMutation(trpc.workflows.cancel.mutationOptions());
  const retry = useMutation(trpc.workflows.retry.mutationOptions());
  const pending = pause.isPending || resume.isPending || cancel.isPending || retry.isPending;

  if (workflow.isPending) return <p className="text-sm text-slate-500">Loading the run…</p>;
  if (workflow.isError) return <Alert>{workflow.error.message}</Alert>;
  const w = workflow.data;

  const act = (mutation: { mutateAsync: (input: { id: string }) => Promise<unknown> }) => async () => {
    setFailure(null);
    try {
      await mutation.mutateAsync({ id });
    } catch (error) {
      setFailure((error as Error).message);
    }
  };
  const pauseRun = (now: boolean) => async () => {
    setFailure(null);
    try {
      await pause.mutateAsync({ id, now });
    } catch (error) {
      setFailure((error as Error).message);
    }
  };
  const running = !isTerminalRunState(w.state) && w.state !== "paused" && w.state !== "initialized";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href={`/projects/${w.projectId}`} className="text-sm text-link hover:underline">
            ← {w.projectName}
          </Link>
          <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
            {runLabel(w)} <StateBadge state={w.state} /> <DryRunBadge dryRun={w.dryRun} />
          </h1>
          <SoftwareIdentity run={w} />
          {w.dryRun ? (
            <p className="mt-1 text-sm text-amber-800">
              Dry run: playback is simulated without a rig; its results say nothing about a camera.
            </p>
          ) : null}
          <p className="mt-1 text-sm text-slate-500">
            Strategy {w.strategy}
            {w.strategy === "adaptive" && w.chosenStrategy
              ? ` → ${w.chosenStrategy} (complexity ${w.complexityScore?.toFixed(2)})`
              : ""}{" "}
            · priority {w.priority} · up to {w.maxConcurrentTasks} tasks at once
            {w.startedAt ? ` · started ${w.startedAt.toLocaleString()}` : ""}
          </p>
          {!live && !isTerminalRunState(w.state) ? (
            <p role="status" className="mt-2 text-sm text-amber-700">
              Live updates interrupted — reconnecting; the run goes on, and this page catches up once back.
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Link
            href={`/workflows/${id}/results`}
            className="inline-flex items-center rounded-md bg-surface px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Results
          </Link>
          {canEdit ? (
            <div className="flex flex-wrap gap-2">
              {running ? (
                <>
                  <Button
                    variant="secondary"
                    pending={pause.isPending && !pause.variables?.now}
                    disabled={pending}
                    onClick={pauseRun(false)}
                    title="Sessions playing now finish; no new session or task starts"
                  >
                    Pause after current session
                  </Button>
                  <Button
                    variant="secondary"
                    pending={pause.isPending && Boolean(pause.variables?.now)}
                    disabled={pending}
                    onClick={pauseRun(true)}
                    title="Sessions playing now stop at once, and are played again from the start on resume"
                  >
                    Stop now
                  </Button>
                </>
              ) : null}
              {w.state === "paused" ? (
                <Button pending={resume.isPending} disabled={pending} onClick={act(resume)}>
                  Resume
                </Button>
              ) : null}
              {w.state === "failed" ? (
                <Button pending={retry.isPending} disabled={pending} onClick={act(retry)}>
                  Retry failed task
                </Button>
              ) : null}
              {!isTerminalRunState(w.state) ? (
                <Button variant="danger" pending={cancel.isPending} disabled={pending} onClick={act(cancel)}>
                  Cancel run
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
      {failure ? <Alert>{failure}</Alert> : null}
      {w.error ? <Alert>{w.error}</Alert> : null}
      {w.state === "completed" && w.verdict ? <RunGate workflowId={id} /> : null}
      {w.control === "paused" && !isTerminalRunState(w.state) ? (
        <Alert tone="info">
          {w.state === "paused" ? "Paused." : "Pausing: the work under way finishes first."} No new test session is
          offered to a rig and no new task starts; sessions already playing finish (or were stopped, with Stop now, to
          be played again from the start). Resume to go on where the run stopped.
        </Alert>
      ) : null}

      <Card title="Progress">
        <ProgressBar label="Overall" value={w.overallProgress} className="mb-2" />
        <div className="mb-4">
          <PlaybackSummary run={w} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          {Object.entries(componentLabels).map(([key, label]) => (
            <ProgressBar key={key} label={label} value={w.progress[key] ?? 0} />
          ))}
        </div>
      </Card>

      <LiveSessionsPanel workflowId={id} />

      <Card title="Tasks" description="In dependency order; a task starts when the tasks it depends on are done.">
        <DataTable columns={["Task", "Depends on", "State", { label: "Progress", className: "w-48" }, "Attempt"]}>
          {w.tasks.map((task) => (
            <tr key={task.name} aria-label={`Task ${task.name}`}>
              <td className="py-2 font-mono text-xs">
                {task.name}
                {task.critical ? <span className="ml-2 text-slate-500">critical</span> : null}
                {task.error ? <p className="mt-1 font-sans text-xs text-red-700">{task.error}</p> : null}
              </td>
              <td className="py-2 font-mono text-xs text-slate-500">{task.dependsOn.join(", ") || "—"}</td>
              <td className="py-2">
                <StateBadge state={task.state} />
              </td>
              <td className="py-2 pr-4">
                <ProgressBar
                  hideLabel
                  label={`${task.name} progress`}
                  value={task.state === "succeeded" ? 100 : task.progress}
                />
              </td>
              <td className="py-2 tabular-nums text-slate-600">
                {task.attempt} / {task.maxAttempts}
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>

      <Card title="Timeline" description="Every change of state, oldest first.">
        <ol className="space-y-1 text-sm">
          {w.events.map((event) => (
            <li key={event.id} className="flex flex-wrap gap-x-3">
              <time className="w-24 shrink-0 tabular-nums text-slate-500">{event.at.toLocaleTimeString()}</time>
              <span className="font-mono text-xs text-slate-700">{event.taskName ?? "run"}</span>
              <span className="text-slate-600">
                {event.fromState ?? "—"} → <strong className="font-medium">{event.toState}</strong>
              </span>
              <span className="min-w-0 break-words text-slate-500">{event.reason}</span>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
