/**
 * Takes back tasks that were queued but not started: their pg-boss jobs are cancelled and the
 * tasks return to `pending` (pause) or become `cancelled` (cancel), in the caller's change set.
 */

import type { TaskState } from "@/lib/states";
import type { WorkflowChanges } from "./changes";

export function takeBackTasks(
  changes: WorkflowChanges,
  workflowId: string,
  from: TaskState[],
  to: "pending" | "cancelled",
  reason: string,
): void {
  const tasks = changes.tasksOf(workflowId).filter((t) => from.includes(t.state));
  changes.cancelJobs(tasks.map((t) => t.jobId).filter((id): id is string => id !== null));
  for (const task of tasks) changes.setTask(task, { state: to, jobId: null, queuedAt: null }, reason);
}
