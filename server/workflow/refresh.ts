/**
 * Brings a workflow's stored state and progress up to date with its tasks, inside the caller's
 * transaction (which holds the workflow's lock), and logs the state transition if there is one.
 */
import { eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { workflows } from "@/db/schema";
import { loadTasks, type TaskRow, toTaskView, type WorkflowRow } from "./load";
import type { WorkflowControl, WorkflowState } from "./model";
import { computeProgress, type WorkflowProgress } from "./progress";
import { deriveWorkflowState, terminalStates } from "./states";
import { recordTransition } from "./transitions";

export type WorkflowSnapshot = {
  workflow: WorkflowRow;
  tasks: TaskRow[];
  state: WorkflowState;
  progress: WorkflowProgress;
};

export async function refreshWorkflow(
  tx: Transaction,
  workflow: WorkflowRow,
  reason: string,
  actorId: string | null = null,
): Promise<WorkflowSnapshot> {
  const tasks = await loadTasks(tx, workflow.id);
  const views = tasks.map(toTaskView);
  const state = deriveWorkflowState(workflow.control as WorkflowControl, views);
  const progress = computeProgress(views);
  const terminal = terminalStates.includes(state);
  const failed = tasks.find((t) => t.state === "failed" && !t.skippable);
  const changes = {
    state,
    progress: progress.components,
    overallProgress: progress.overall,
    updatedAt: new Date(),
    finishedAt: terminal ? (workflow.finishedAt ?? new Date()) : null,
    error: state === "failed" && failed ? `Task ${failed.name} failed: ${failed.error ?? "no reason given"}` : null,
    version: sql`${workflows.version} + 1`,
  };
  const [updated] = await tx.update(workflows).set(changes).where(eq(workflows.id, workflow.id)).returning();
  if (state !== workflow.state) {
    await recordTransition(tx, { workflowId: workflow.id, from: workflow.state, to: state, reason, actorId });
  }
  if (!updated) throw new Error(`workflow ${workflow.id} vanished during its update`);
  return { workflow: updated, tasks, state, progress };
}
