/** Workflow and task rows, and a task as the engine's pure parts reason about it. */
import type { workflows, workflowTasks } from "@/db/schema";
import type { Phase } from "@/lib/states";
import type { TaskView } from "./model";
import type { ProgressComponent } from "./progress";

export type WorkflowRow = typeof workflows.$inferSelect;
export type TaskRow = typeof workflowTasks.$inferSelect;

export function toTaskView(row: TaskRow): TaskView & { weight: number; component?: ProgressComponent } {
  return {
    name: row.name,
    phase: row.phase as Phase,
    dependsOn: row.dependsOn,
    critical: row.critical,
    skippable: row.skippable,
    state: row.state,
    position: row.position,
    progress: row.progress,
    weight: row.weight,
    component: (row.component ?? undefined) as ProgressComponent | undefined,
  };
}
