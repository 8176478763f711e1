/**
 * The shape of a task as the engine reasons about it, shared by its pure parts (states,
 * strategies, progress) and its runner. The state lists themselves are lib/states.ts.
 */
import { isActiveTaskState, isDoneTaskState, type Phase, type TaskState } from "@/lib/states";

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

export function isActive(task: Pick<TaskView, "state">): boolean {
  return isActiveTaskState(task.state);
}

export function isDone(task: Pick<TaskView, "state">): boolean {
  return isDoneTaskState(task.state);
}
