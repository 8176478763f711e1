/**
 * The workflow's state is derived, never set by hand: from what the user asked (control) and
 * from its tasks. A running workflow is in the phase of its earliest unfinished task.
 */

import {
  isTerminalRunState,
  workflowPhases as phaseOrder,
  type WorkflowControl,
  type WorkflowState,
} from "@/lib/states";
import { isDone, type TaskView } from "./model";

export function deriveWorkflowState(control: WorkflowControl, tasks: readonly TaskView[]): WorkflowState {
  if (control === "idle") return "initialized";
  if (control === "cancelled") return "cancelled";
  if (tasks.some((t) => t.state === "failed" && !t.skippable)) return "failed";
  // A skippable task that failed is passed over: the run goes on and the verdict says so.
  const finished = (t: TaskView) => isDone(t) || (t.state === "failed" && t.skippable);
  if (tasks.every(finished)) return "completed";
  if (control === "paused") return "paused";
  const unfinished = tasks.filter((t) => !finished(t));
  let earliest = phaseOrder.length - 1;
  for (const task of unfinished) earliest = Math.min(earliest, phaseOrder.indexOf(task.phase));
  return phaseOrder[earliest] ?? "planning";
}

export type ControlAction = "start" | "pause" | "resume" | "cancel" | "retry";

/**
 * Whether an action is allowed in a state; the reason, when it is not, is shown to the user.
 * Checking here (not in the UI) means an illegal request changes nothing whoever sends it.
 */
export function refusalOf(action: ControlAction, state: WorkflowState): string | null {
  const terminal = isTerminalRunState(state);
  switch (action) {
    case "start":
      return state === "initialized" ? null : `it was already started (it is ${state})`;
    case "pause":
      if (state === "paused") return "it is already paused";
      if (state === "initialized") return "it has not been started";
      return terminal ? `it is ${state}` : null;
    case "resume":
      return state === "paused" ? null : `it is not paused (it is ${state})`;
    case "cancel":
      if (state === "cancelled") return "it is already cancelled";
      return terminal ? `it is ${state}` : null;
    case "retry":
      return state === "failed" ? null : `only a failed workflow can be retried (it is ${state})`;
  }
}
