/**
 * The vocabulary of the workflow engine, shared by its pure parts (states, strategies, progress)
 * and its runner: phases in their order, task states, and the shape of a task as the engine
 * reasons about it.
 */
import { type taskStates, workflowPhases, type workflowStates, type workflowStrategies } from "@/db/schema";

export type WorkflowState = (typeof workflowStates)[number];
export type TaskState = (typeof taskStates)[number];
export type Strategy = (typeof workflowStrategies)[number];
export type ConcreteStrategy = Exclude<Strategy, "adaptive">;

/** The running states, in the order a run goes through them (DESIGN §3). */
export const phaseOrder = workflowPhases;
export type Phase = (typeof phaseOrder)[number];

/** What the user asked the run to do; the state is derived from it and from the tasks. */
export type WorkflowControl = "idle" | "running" | "paused" | "cancelled";

export type TaskView = {
  name: string;
  phase: Phase;
  dependsOn: readonly string[];
  critical: boolean;
  skippable: boolean;
  state: TaskState;
  /** Topological position: ties in readiness are broken by it, so runs are deterministic. */
  position: number;
  progress: number;
};

export const activeTaskStates: readonly TaskState[] = ["queued", "running", "retrying"];
export const doneTaskStates: readonly TaskState[] = ["succeeded", "skipped"];

export function isActive(task: Pick<TaskView, "state">): boolean {
  return activeTaskStates.includes(task.state);
}

export function isDone(task: Pick<TaskView, "state">): boolean {
  return doneTaskStates.includes(task.state);
}
