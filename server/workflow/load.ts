/** Reads a workflow under a row lock, with its tasks, as the engine reasons about them. */
import { asc, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { workflows, workflowTasks } from "@/db/schema";
import { DomainError } from "../errors";
import type { Phase, TaskView } from "./model";
import type { ProgressComponent } from "./progress";

export type WorkflowRow = typeof workflows.$inferSelect;
export type TaskRow = typeof workflowTasks.$inferSelect;

/** Locks the workflow row: every change to a workflow and its tasks is serialised by this lock. */
export async function lockWorkflow(tx: Transaction, workflowId: string): Promise<WorkflowRow> {
  const [row] = await tx.select().from(workflows).where(eq(workflows.id, workflowId)).for("update");
  if (!row) throw new DomainError("NOT_FOUND", `No workflow with id ${workflowId}: it may have been deleted.`);
  return row;
}

export async function loadTasks(tx: Transaction, workflowId: string): Promise<TaskRow[]> {
  return tx
    .select()
    .from(workflowTasks)
    .where(eq(workflowTasks.workflowId, workflowId))
    .orderBy(asc(workflowTasks.position));
}

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
