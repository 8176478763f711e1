/**
 * Starts the tasks a workflow's strategy allows now: marks them queued and enqueues one pg-boss
 * job each, inside the caller's transaction (which holds the workflow's row lock), so that the
 * per-workflow limit holds across processes and a rolled-back change enqueues nothing.
 */
import { eq, sql } from "drizzle-orm";
import { fromDrizzle } from "pg-boss";
import type { Transaction } from "@/db/client";
import { workflowTasks } from "@/db/schema";
import { getBoss, HEARTBEAT_SECONDS, priorityOf, TASK_QUEUE } from "./boss";
import { loadTasks, toTaskView, type WorkflowRow } from "./load";
import type { ConcreteStrategy } from "./model";
import { tasksToStart } from "./strategies";
import { recordTransition } from "./transitions";

export type TaskJob = { workflowId: string; taskId: string; taskName: string };

/** Without its own timeout, an attempt may run this long before it is aborted. */
const DEFAULT_TIMEOUT_SECONDS = 3600;

export async function scheduleReadyTasks(tx: Transaction, workflow: WorkflowRow): Promise<string[]> {
  if (workflow.control !== "running") return [];
  const rows = await loadTasks(tx, workflow.id);
  // A failed (non-skippable) task stops the run: nothing new starts until it is retried.
  if (rows.some((t) => t.state === "failed" && !t.skippable)) return [];
  const strategy = (workflow.chosenStrategy ?? workflow.strategy) as ConcreteStrategy;
  const start = tasksToStart(strategy, rows.map(toTaskView), workflow.maxConcurrentTasks);
  const db = fromDrizzle(tx, sql);
  const now = new Date();
  for (const view of start) {
    const row = rows.find((r) => r.name === view.name);
    if (!row) continue;
    const data: TaskJob = { workflowId: workflow.id, taskId: row.id, taskName: row.name };
    const jobId = await getBoss().send(TASK_QUEUE, data, {
      db,
      priority: priorityOf[workflow.priority],
      retryLimit: Math.max(0, row.maxAttempts - 1),
      retryDelay: row.retryBackoffSeconds,
      ...(row.retryBackoffSeconds > 0 ? { retryBackoff: true, retryDelayMax: row.retryMaxBackoffSeconds } : {}),
      expireInSeconds: row.timeoutSeconds ?? workflow.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      group: { id: workflow.id },
    });
    await tx
      .update(workflowTasks)
      .set({ state: "queued", queuedAt: now, jobId, updatedAt: now })
      .where(eq(workflowTasks.id, row.id));
    await recordTransition(tx, {
      workflowId: workflow.id,
      taskName: row.name,
      from: row.state,
      to: "queued",
      reason: `scheduled (${strategy})`,
    });
  }
  return start.map((t) => t.name);
}
