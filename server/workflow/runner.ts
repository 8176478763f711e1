/**
 * Runs task attempts: the pg-boss worker of the `workflow-task` queue. Each attempt is claimed,
 * run and settled in three steps, each of the database steps one transaction under the
 * workflow's lock:
 *   1. claim: the task becomes `running` with its attempt number (or the job is dropped if the
 *      run was paused or cancelled, or the task is already settled);
 *   2. run: the handler, with an AbortSignal (cancel, timeout, shutdown) and a progress reporter;
 *   3. settle: result, the handler's own effect (`commit`), transition, progress, the pg-boss job's
 *      completion and the enqueueing of newly ready tasks, all in one transaction.
 * A process killed at any point leaves either nothing or a whole step behind; the job's heartbeat
 * stops and pg-boss hands it to another worker as the next attempt.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { fromDrizzle, type Job } from "pg-boss";
import { getDb, type Transaction } from "@/db/client";
import { workflowTasks } from "@/db/schema";
import { logger } from "../logger";
import { getBoss, TASK_QUEUE } from "./boss";
import { publishWorkflow, toPush } from "./live";
import { lockWorkflow, type TaskRow, type WorkflowRow } from "./load";
import { refreshWorkflow, type WorkflowSnapshot } from "./refresh";
import { getTask, type TaskResult } from "./registry";
import type { TaskJob } from "./scheduler";
import { scheduleReadyTasks } from "./scheduler";
import { isPermanent } from "./task-error";
import { recordTransition } from "./transitions";

/** Running attempts of this process by workflow, so a cancel can abort them. */
const running = new Map<string, Set<AbortController>>();

export function abortRunningTasks(workflowId: string, reason: string): number {
  const controllers = running.get(workflowId);
  for (const controller of controllers ?? []) controller.abort(new Error(reason));
  return controllers?.size ?? 0;
}

export function runningAttempts(): number {
  let count = 0;
  for (const set of running.values()) count += set.size;
  return count;
}

type Claim = {
  workflow: WorkflowRow;
  task: TaskRow;
  attempt: number;
  outputs: Record<string, Record<string, unknown> | null>;
};

async function settleJob(tx: Transaction, job: Job<TaskJob>) {
  await getBoss().complete(TASK_QUEUE, { id: job.id, retryCount: job.retryCount }, null, { db: fromDrizzle(tx, sql) });
}

async function lockTask(tx: Transaction, taskId: string): Promise<TaskRow | undefined> {
  const [task] = await tx.select().from(workflowTasks).where(eq(workflowTasks.id, taskId)).for("update");
  return task;
}

function publish(snapshot: WorkflowSnapshot | null) {
  if (snapshot) publishWorkflow(toPush(snapshot));
}

async function claim(job: Job<TaskJob>): Promise<Claim | null> {
  const attempt = job.retryCount + 1;
  let snapshot: WorkflowSnapshot | null = null;
  const result = await getDb().transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, job.data.workflowId);
    const task = await lockTask(tx, job.data.taskId);
    const settled = !task || ["succeeded", "failed", "skipped", "cancelled", "pending"].includes(task.state);
    if (!task || settled || task.jobId !== job.id || task.attempt >= attempt) {
      // A duplicate or stale delivery: the task was settled or re-queued elsewhere.
      await settleJob(tx, job);
      return null;
    }
    if (workflow.control === "cancelled" || workflow.control === "paused") {
      const to = workflow.control === "cancelled" ? "cancelled" : "pending";
      await tx
        .update(workflowTasks)
        .set({ state: to, jobId: null, updatedAt: new Date() })
        .where(eq(workflowTasks.id, task.id));
      await recordTransition(tx, {
        workflowId: workflow.id,
        taskName: task.name,
        from: task.state,
        to,
        reason: `not started: the workflow is ${workflow.control}`,
      });
      await settleJob(tx, job);
      snapshot = await refreshWorkflow(tx, workflow, `task ${task.name} ${to}`);
      return null;
    }
    const now = new Date();
    await tx
      .update(workflowTasks)
      .set({
        state: "running",
        attempt,
        startedAt: task.startedAt ?? now,
        heartbeatAt: now,
        error: null,
        updatedAt: now,
      })
      .where(eq(workflowTasks.id, task.id));
    await recordTransition(tx, {
      workflowId: workflow.id,
      taskName: task.name,
      from: task.state,
      to: "running",
      reason: task.state === "running" ? `attempt ${attempt} (the previous worker stopped)` : `attempt ${attempt}`,
    });
    snapshot = await refreshWorkflow(tx, workflow, `task ${task.name} started`);
    const finished = await tx
      .select({ name: workflowTasks.name, output: workflowTasks.output })
      .from(workflowTasks)
      .where(and(eq(workflowTasks.workflowId, workflow.id), inArray(workflowTasks.state, ["succeeded", "skipped"])));
    const outputs = Object.fromEntries(finished.map((f) => [f.name, f.output ?? null]));
    return { workflow, task: { ...task, state: "running" as const, attempt }, attempt, outputs };
  });
  publish(snapshot);
  return result;
}

async function succeed(job: Job<TaskJob>, claimed: Claim, result: TaskResult | undefined) {
  let snapshot: WorkflowSnapshot | null = null;
  await getDb().transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, claimed.workflow.id);
    const task = await lockTask(tx, claimed.task.id);
    if (!task || task.state !== "running" || task.attempt !== claimed.attempt) {
      await settleJob(tx, job);
      return;
    }
    if (workflow.control === "cancelled") {
      await markTask(tx, workflow, task, "cancelled", "finished after the workflow was cancelled; result discarded");
    } else {
      await result?.commit?.(tx);
      const now = new Date();
      await tx
        .update(workflowTasks)
        .set({ state: "succeeded", output: result?.output ?? null, progress: 100, finishedAt: now, updatedAt: now })
        .where(eq(workflowTasks.id, task.id));
      await recordTransition(tx, {
        workflowId: workflow.id,
        taskName: task.name,
        from: "running",
        to: "succeeded",
        reason: `attempt ${claimed.attempt} succeeded`,
      });
    }
    await settleJob(tx, job);
    await scheduleReadyTasks(tx, workflow);
    snapshot = await refreshWorkflow(tx, workflow, `task ${task.name} finished`);
  });
  publish(snapshot);
}

async function markTask(tx: Transaction, workflow: WorkflowRow, task: TaskRow, to: TaskRow["state"], reason: string) {
  const now = new Date();
  await tx
    .update(workflowTasks)
    .set({ state: to, finishedAt: now, updatedAt: now, ...(to === "cancelled" ? {} : { error: reason }) })
    .where(eq(workflowTasks.id, task.id));
  await recordTransition(tx, { workflowId: workflow.id, taskName: task.name, from: task.state, to, reason });
}

async function fail(job: Job<TaskJob>, claimed: Claim, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  let snapshot: WorkflowSnapshot | null = null;
  await getDb().transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, claimed.workflow.id);
    const task = await lockTask(tx, claimed.task.id);
    if (!task || task.state !== "running" || task.attempt !== claimed.attempt) return;
    // The reason is kept on the task and in the transition log; the job carries none (a JSON
    // payload does not survive pg-boss's Drizzle adapter on postgres-js).
    const db = fromDrizzle(tx, sql);
    if (workflow.control === "cancelled") {
      await markTask(tx, workflow, task, "cancelled", `aborted: the workflow was cancelled (${message})`);
      await getBoss().complete(TASK_QUEUE, { id: job.id, retryCount: job.retryCount }, null, { db });
    } else if (claimed.attempt >= task.maxAttempts || isPermanent(error)) {
      const to = task.skippable ? "skipped" : "failed";
      await markTask(tx, workflow, task, to, `attempt ${claimed.attempt} of ${task.maxAttempts} failed: ${message}`);
      // A permanent failure is not retried: the job is completed, the task failed.
      if (isPermanent(error))
        await getBoss().complete(TASK_QUEUE, { id: job.id, retryCount: job.retryCount }, null, { db });
      else await getBoss().fail(TASK_QUEUE, { id: job.id, retryCount: job.retryCount }, null, { db });
      if (to === "skipped") await scheduleReadyTasks(tx, workflow);
    } else {
      await tx
        .update(workflowTasks)
        .set({ state: "retrying", error: message, updatedAt: new Date() })
        .where(eq(workflowTasks.id, task.id));
      await recordTransition(tx, {
        workflowId: workflow.id,
        taskName: task.name,
        from: "running",
        to: "retrying",
        reason: `attempt ${claimed.attempt} of ${task.maxAttempts} failed: ${message}`,
      });
      // pg-boss schedules the next attempt with exponential backoff and jitter.
      await getBoss().fail(TASK_QUEUE, { id: job.id, retryCount: job.retryCount }, null, { db });
    }
    snapshot = await refreshWorkflow(tx, workflow, `task ${task.name} failed`);
  });
  publish(snapshot);
}

async function reportProgress(claimed: Claim, percent: number) {
  const value = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  let snapshot: WorkflowSnapshot | null = null;
  await getDb().transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, claimed.workflow.id);
    const updated = await tx
      .update(workflowTasks)
      .set({ progress: value, heartbeatAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(workflowTasks.id, claimed.task.id),
          eq(workflowTasks.attempt, claimed.attempt),
          eq(workflowTasks.state, "running"),
          ne(workflowTasks.progress, value),
        ),
      )
      .returning({ id: workflowTasks.id });
    if (updated.length > 0) snapshot = await refreshWorkflow(tx, workflow, "progress");
  });
  publish(snapshot);
}

export async function runTaskJob(job: Job<TaskJob>): Promise<void> {
  const claimed = await claim(job);
  if (!claimed) return;
  const definition = getTask(claimed.task.name);
  const controller = new AbortController();
  const onJobAbort = () => controller.abort(job.signal.reason ?? new Error("the attempt timed out"));
  job.signal.addEventListener("abort", onJobAbort, { once: true });
  const set = running.get(claimed.workflow.id) ?? new Set();
  set.add(controller);
  running.set(claimed.workflow.id, set);
  try {
    const result = await raceAbort(
      definition.handler({
        workflowId: claimed.workflow.id,
        projectId: claimed.workflow.projectId,
        taskName: claimed.task.name,
        attempt: claimed.attempt,
        signal: controller.signal,
        progress: (percent) => reportProgress(claimed, percent),
        parameters: claimed.workflow.parameters,
        outputs: claimed.outputs,
      }),
      controller.signal,
    );
    await succeed(job, claimed, result);
  } catch (error) {
    logger.info({ err: error, workflowId: claimed.workflow.id, task: claimed.task.name }, "task attempt failed");
    await fail(job, claimed, error);
  } finally {
    job.signal.removeEventListener("abort", onJobAbort);
    set.delete(controller);
    if (set.size === 0) running.delete(claimed.workflow.id);
  }
}

/** A handler that ignores its signal still stops counting as running when it is aborted. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
