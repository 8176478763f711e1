/**
 * A workflow's stored state and progress, derived from what the user asked and from its tasks.
 * Pure: the change set applies the result in the transaction that changed the tasks.
 */

import type { WorkflowControl, WorkflowState } from "@/lib/states";
import { isTerminalRunState } from "@/lib/states";
import { computeProgress, type WorkflowProgress } from "./progress";
import type { TaskRow, WorkflowRow } from "./rows";
import { toTaskView } from "./rows";
import { deriveWorkflowState } from "./states";

export type WorkflowSnapshot = {
  workflow: WorkflowRow;
  tasks: TaskRow[];
  state: WorkflowState;
  progress: WorkflowProgress;
  /** Its push was written as a NOTIFY in the change's transaction: nothing to announce after commit. */
  notified?: boolean;
};

/** The workflow row brought up to date with its tasks (version raised by one) and its snapshot. */
export function refreshedWorkflow(workflow: WorkflowRow, tasks: TaskRow[], now: Date): WorkflowSnapshot {
  const views = tasks.map(toTaskView);
  const state = deriveWorkflowState(workflow.control as WorkflowControl, views);
  const progress = computeProgress(views);
  const terminal = isTerminalRunState(state);
  const failed = tasks.find((t) => t.state === "failed" && !t.skippable);
  const updated: WorkflowRow = {
    ...workflow,
    state,
    progress: progress.components,
    overallProgress: progress.overall,
    updatedAt: now,
    finishedAt: terminal ? (workflow.finishedAt ?? now) : null,
    error: state === "failed" && failed ? `Task ${failed.name} failed: ${failed.error ?? "no reason given"}` : null,
    version: workflow.version + 1,
  };
  return { workflow: updated, tasks, state, progress };
}
