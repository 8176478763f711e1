/**
 * Progress of a run: per component (0–100) and overall, weighted by the expected work of each
 * task. A finished task counts 100; a running one counts what its handler last reported.
 */
import { isDone, type TaskView } from "./model";

const progressComponents = ["video_assignment", "ground_truth", "test_execution", "analysis", "validation"] as const;
export type ProgressComponent = (typeof progressComponents)[number];
export type WorkflowProgress = { components: Record<ProgressComponent, number>; overall: number };

export type ProgressTask = Pick<TaskView, "state" | "progress"> & { weight: number; component?: ProgressComponent };

function percentOf(task: ProgressTask): number {
  if (isDone(task)) return 100;
  return Math.min(100, Math.max(0, task.progress));
}

const round = (value: number) => Math.round(value * 10) / 10;

export function computeProgress(tasks: readonly ProgressTask[]): WorkflowProgress {
  const components = Object.fromEntries(progressComponents.map((c) => [c, 0])) as Record<ProgressComponent, number>;
  for (const component of progressComponents) {
    const own = tasks.filter((t) => t.component === component);
    const weight = own.reduce((sum, t) => sum + t.weight, 0);
    components[component] = weight > 0 ? round(own.reduce((sum, t) => sum + t.weight * percentOf(t), 0) / weight) : 0;
  }
  const total = tasks.reduce((sum, t) => sum + t.weight, 0);
  const overall = total > 0 ? round(tasks.reduce((sum, t) => sum + t.weight * percentOf(t), 0) / total) : 0;
  return { components, overall };
}
