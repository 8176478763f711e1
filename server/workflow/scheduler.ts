/**
 * Which tasks of a workflow start now and the pg-boss job of each. Pure: the change set calls it
 * with the task states as they stand in its transaction (which holds the workflow's row lock),
 * so the per-workflow limit holds across processes, and enqueues the jobs in that transaction,
 * so a rolled-back change enqueues nothing.
 */
import { randomUUID } from "node:crypto";
import type { JobInsert } from "pg-boss";
import type { ConcreteStrategy } from "@/lib/states";
import { HEARTBEAT_SECONDS, priorityOf } from "./boss";
import type { TaskRow, WorkflowRow } from "./rows";
import { toTaskView } from "./rows";
import { tasksToStart } from "./strategies";

export type TaskJob = { workflowId: string; taskId: string; taskName: string };

/** Without its own timeout, an attempt may run this long before it is aborted. */
const DEFAULT_TIMEOUT_SECONDS = 3600;

/** The tasks the workflow's strategy starts now, in order. */
export function planReadyTasks(workflow: WorkflowRow, tasks: readonly TaskRow[]) {
  const strategy = (workflow.chosenStrategy ?? workflow.strategy) as ConcreteStrategy;
  if (workflow.control !== "running") return { strategy, start: [] };
  // A failed (non-skippable) task stops the run: nothing new starts until it is retried.
  if (tasks.some((t) => t.state === "failed" && !t.skippable)) return { strategy, start: [] };
  const names = tasksToStart(strategy, tasks.map(toTaskView), workflow.maxConcurrentTasks).map((v) => v.name);
  return { strategy, start: tasks.filter((t) => names.includes(t.name)) };
}

/**
 * The pg-boss job of a task's next attempt. pg-boss retries it (backoff, jitter) for the attempts
 * the task has left after the ones it has already used.
 */
export function taskJob(workflow: WorkflowRow, task: TaskRow): JobInsert<TaskJob> & { id: string } {
  return {
    id: randomUUID(),
    data: { workflowId: workflow.id, taskId: task.id, taskName: task.name },
    priority: priorityOf[workflow.priority],
    retryLimit: Math.max(0, task.maxAttempts - task.attempt - 1),
    retryDelay: task.retryBackoffSeconds,
    ...(task.retryBackoffSeconds > 0 ? { retryBackoff: true, retryDelayMax: task.retryMaxBackoffSeconds } : {}),
    expireInSeconds: task.timeoutSeconds ?? workflow.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  };
}
