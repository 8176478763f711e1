/**
 * Takes back tasks that were queued but not started: their pg-boss jobs are cancelled and the
 * tasks return to `pending` (pause) or become `cancelled` (cancel), in the caller's transaction.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { fromDrizzle } from "pg-boss";
import type { Transaction } from "@/db/client";
import { workflowTasks } from "@/db/schema";
import { getBoss, TASK_QUEUE } from "./boss";
import type { TaskState } from "./model";
import { recordTransition } from "./transitions";

export async function takeBackTasks(
  tx: Transaction,
  workflowId: string,
  from: TaskState[],
  to: "pending" | "cancelled",
  reason: string,
): Promise<void> {
  const tasks = await tx
    .select({ id: workflowTasks.id, name: workflowTasks.name, state: workflowTasks.state, jobId: workflowTasks.jobId })
    .from(workflowTasks)
    .where(and(eq(workflowTasks.workflowId, workflowId), inArray(workflowTasks.state, from)));
  if (tasks.length === 0) return;
  const jobIds = tasks.map((t) => t.jobId).filter((id): id is string => id !== null);
  if (jobIds.length > 0) await getBoss().cancel(TASK_QUEUE, jobIds, { db: fromDrizzle(tx, sql) });
  await tx
    .update(workflowTasks)
    .set({ state: to, jobId: null, queuedAt: null, updatedAt: new Date() })
    .where(
      inArray(
        workflowTasks.id,
        tasks.map((t) => t.id),
      ),
    );
  for (const task of tasks) {
    await recordTransition(tx, { workflowId, taskName: task.name, from: task.state, to, reason });
  }
}
