/**
 * Runs task attempts. Each attempt is claimed, run and settled; the database steps happen under
 * the workflows' locks, in the worker's steps (one transaction each):
 *   - claim: the job is fetched from pg-boss and its task becomes `running` with its attempt
 *     number, in one transaction (or the job is dropped if the run was paused or cancelled, or
 *     the task is already settled);
 *   - run: the handler, with an AbortSignal (cancel, timeout, shutdown) and a progress reporter;
 *   - settle: result, the handler's own effect (`commit`), transition, progress, the pg-boss job's
 *     completion and the enqueueing of newly ready tasks, all in one transaction.
 * A process killed at any point leaves either nothing or whole steps behind; the job's heartbeat
 * stops and pg-boss hands it to another worker as the next attempt.
 */
import type { Job } from "pg-boss";
import type { Transaction } from "@/db/client";
import { getDb } from "@/server/runtime/slot";
import { publicMessageOf } from "../errors";
import { logger } from "../logger";
import { getBoss, taskRegistry } from "../runtime/slot";
import { announce } from "./announce";
import { TASK_QUEUE } from "./boss";
import { bossInTransaction } from "./boss-in-transaction";
import { WorkflowChanges } from "./changes";
import { fetchInIndexOrder } from "./fetch-in-order";
import { isDone } from "./model";
import type { WorkflowSnapshot } from "./refresh";
import type { TaskDefinition, TaskResult } from "./registry";
import type { TaskRow, WorkflowRow } from "./rows";
import type { TaskJob } from "./scheduler";
import { isPermanent, isShutdownAbort, PermanentTaskError } from "./task-error";

/** Running attempts of this process by workflow, so a cancel can abort them. */
const running = new Map<string, Set<AbortController>>();

export function abortRunningTasks(workflowId: string, reason: string): number {
  const controllers = running.get(workflowId);
  for (const controller of controllers ?? []) controller.abort(new Error(reason));
  return controllers?.size ?? 0;
}

export type Claim = {
  job: Job<TaskJob>;
  workflow: WorkflowRow;
  task: TaskRow;
  attempt: number;
  outputs: Record<string, unknown>;
  /**
   * Whether the run had tasks waiting (pending) when this attempt was claimed: only then can its
   * settlement make another task ready, which the step then fetches and claims at once.
   */
  othersWaiting: boolean;
};

export type Outcome =
  | { kind: "succeeded"; result: TaskResult | undefined }
  | { kind: "failed"; error: unknown }
  /** The process stopped before the attempt finished: it is handed back, not counted. */
  | { kind: "released" };

export type Settlement = { claim: Claim; outcome: Outcome };

function publish(snapshots: WorkflowSnapshot[]) {
  announce(snapshots);
}

/**
 * One step of a worker: settles the given attempts, claims the jobs deferred by the last step,
 * and fetches and claims up to `fetch` new jobs, all in one transaction. The fetch shares it
 * too, so a step that fails leaves its jobs unclaimed. With `backlog` (the worker's last fetch
 * came back full: jobs wait behind it), the fetch walks the queue index (fetch-in-order.ts).
 *
 * Lock order: first the workflows of the settled attempts and deferred jobs, waiting (in id
 * order, holding nothing else); then the settlements' writes and the fetch, which lock job rows;
 * then the fetched jobs' workflows (in the fetch's round trip, changes.ts `addFetched`), skipping
 * any another transaction holds. A control action locks a workflow and then its queued jobs, so
 * waiting there could deadlock. A job whose workflow was busy stays fetched (active, its
 * heartbeat kept) and is claimed by the next step, which waits for that workflow safely, as it
 * then holds no job rows.
 */
export async function engineStep(
  settlements: Settlement[],
  fetch: number,
  deferred: Job<TaskJob>[] = [],
  workerId: string | null = null,
  { backlog = false }: { backlog?: boolean } = {},
): Promise<{ claims: Claim[]; fetched: number; deferred: Job<TaskJob>[] }> {
  const result = await getDb().transaction(async (tx) => {
    const changes = WorkflowChanges.open(tx);
    // The fetched jobs' workflows are locked by statements sent right behind the fetch, in its
    // round trip (`addFetched`): an idle worker claims a job in one round trip after its BEGIN.
    let lockingFetched: Promise<string[]> = Promise.resolve([]);
    const afterFetchSent = () => {
      lockingFetched = changes.addFetched(tx);
      // Awaited below, after the fetch; should that fail, its rejection must not go unhandled.
      lockingFetched.catch(() => {});
    };
    const send = (afterSend: () => void) =>
      getBoss().fetch<TaskJob>(TASK_QUEUE, { batchSize: fetch, db: bossInTransaction(tx, afterSend) });
    const fetchJobs = () => (backlog ? fetchInIndexOrder(tx, send, afterFetchSent) : send(afterFetchSent));
    const locking = changes.add(tx, [
      ...settlements.map((s) => s.claim.workflow.id),
      ...deferred.map((j) => j.data.workflowId),
    ]);
    // Where no settlement can make a task ready, the fetch is sent right behind the locks, in the
    // same round trip: the server runs a connection's statements in order, so the lock order
    // holds. The locks' statements reach the connection within this turn's microtasks; the fetch
    // is queued only after them (the next turn), not by a race of promise chains.
    let early: ReturnType<typeof fetchJobs> | undefined;
    if (fetch > 0 && !settlements.some((s) => s.claim.othersWaiting)) {
      await new Promise((resolve) => setImmediate(resolve));
      early = fetchJobs();
      // Awaited below, after the locks; should they fail, its rejection must not go unhandled.
      early.catch(() => {});
    }
    await locking;
    const unsaved = await saveEffects(tx, effectsToSave(changes, settlements));
    for (const settlement of settlements) settleOne(changes, settlement, unsaved.get(settlement));
    for (const id of new Set(settlements.map((s) => s.claim.workflow.id))) changes.schedule(id);
    // Otherwise tasks the settlements made ready are enqueued before the fetch, so this step
    // fetches and claims them too: a chain of dependent tasks moves a task per step, not per two.
    const settled = !early && fetch > 0 && changes.jobsToEnqueue() > 0 ? await changes.flush() : [];
    const fetched = early ? await early : fetch > 0 ? await fetchJobs() : [];
    const { claims, later } = await claimFetched(tx, changes, fetched, lockingFetched, deferred, workerId);
    const snapshots = latestOf([...settled, ...(await changes.flush())]);
    for (const claim of claims) claim.outputs = outputsOf(changes.tasksOf(claim.workflow.id));
    return { claims, fetched: fetched.length, deferred: later, snapshots };
  });
  publish(result.snapshots);
  return { claims: result.claims, fetched: result.fetched, deferred: result.deferred };
}

/**
 * Fetches up to `slots` jobs in the transaction of a change set that has just enqueued some
 * (flushed, so they are visible to it), and claims them for the worker `workerId`, as its own
 * step would (./local-handoff.ts). The fetch is pg-boss's, in the queue's order, so it may hand
 * out other runs' jobs too: claimed the same way, or returned as deferred when another transaction
 * holds their run. Returns the snapshots of the runs whose tasks it claimed, to announce once
 * committed.
 */
export async function claimInTransaction(
  tx: Transaction,
  changes: WorkflowChanges,
  slots: number,
  workerId: string,
): Promise<{ claims: Claim[]; deferred: Job<TaskJob>[]; snapshots: WorkflowSnapshot[] }> {
  let lockingFetched: Promise<string[]> = Promise.resolve([]);
  const fetched = await getBoss().fetch<TaskJob>(TASK_QUEUE, {
    batchSize: slots,
    db: bossInTransaction(tx, () => {
      lockingFetched = changes.addFetched(tx);
      // Awaited below, after the fetch; should that fail, its rejection must not go unhandled.
      lockingFetched.catch(() => {});
    }),
  });
  const { claims, later } = await claimFetched(tx, changes, fetched, lockingFetched, [], workerId);
  const snapshots = await changes.flush();
  for (const claim of claims) claim.outputs = outputsOf(changes.tasksOf(claim.workflow.id));
  return { claims, deferred: later, snapshots };
}

/**
 * Claims the fetched and the deferred jobs, once the statements sent behind the fetch have locked
 * their runs (`lockingFetched`); a fetched job whose run another transaction holds is left for
 * later.
 */
async function claimFetched(
  tx: Transaction,
  changes: WorkflowChanges,
  fetched: Job<TaskJob>[],
  lockingFetched: Promise<string[]>,
  deferred: Job<TaskJob>[],
  workerId: string | null,
): Promise<{ claims: Claim[]; later: Job<TaskJob>[] }> {
  const leftOut = await lockingFetched;
  // A fetched job's workflow that the statements behind the fetch did not read (none expected)
  // is read now.
  const unread = fetched.map((j) => j.data.workflowId).filter((id) => !changes.workflow(id) && !leftOut.includes(id));
  const busy = [...leftOut, ...(await changes.add(tx, unread, { skipLocked: true }))];
  const later = fetched.filter((job) => busy.includes(job.data.workflowId));
  const claims = [...deferred, ...fetched]
    .filter((job) => !later.includes(job))
    .map((job) => claimOne(changes, job, workerId))
    .filter((c): c is Claim => c !== null);
  return { claims, later };
}

/** Each workflow's last snapshot (a step that flushed twice has two of some). */
export function latestOf(snapshots: WorkflowSnapshot[]): WorkflowSnapshot[] {
  return [...new Map(snapshots.map((s) => [s.workflow.id, s])).values()];
}

function outputsOf(tasks: TaskRow[]): Claim["outputs"] {
  return Object.fromEntries(tasks.filter(isDone).map((t) => [t.name, t.output ?? null]));
}

function claimOne(changes: WorkflowChanges, job: Job<TaskJob>, workerId: string | null): Claim | null {
  const workflow = changes.workflow(job.data.workflowId);
  const task = workflow && changes.task(workflow.id, job.data.taskId);
  // pg-boss never hands out one attempt of a job twice, so a job that is still the task's own
  // is its next attempt (also after a dead worker's attempt lapsed).
  const claimable = task && ["queued", "running", "retrying"].includes(task.state) && task.jobId === job.id;
  if (!workflow || !task || !claimable) {
    // A duplicate or stale delivery: the task was settled or re-queued elsewhere.
    changes.completeJob(job);
    return null;
  }
  if (workflow.control === "cancelled" || workflow.control === "paused") {
    const to = workflow.control === "cancelled" ? "cancelled" : "pending";
    changes.setTask(task, { state: to, jobId: null }, `not started: the workflow is ${workflow.control}`);
    changes.completeJob(job);
    return null;
  }
  const attempt = task.attempt + 1;
  const now = new Date();
  const started = changes.setTask(
    task,
    { state: "running", attempt, startedAt: task.startedAt ?? now, heartbeatAt: now, error: null, workerId },
    task.state === "running" ? `attempt ${attempt} (the previous worker stopped)` : `attempt ${attempt}`,
  );
  const othersWaiting = changes.tasksOf(workflow.id).some((t) => t.state === "pending");
  return { job, workflow, task: started, attempt, outputs: {}, othersWaiting };
}

// Task errors are shown to every viewer: a failed query is named by its SQLSTATE, not its text.
const messageOf = publicMessageOf;

/** The claim's workflow and task, if the attempt still holds the task (not taken over elsewhere). */
function heldBy(changes: WorkflowChanges, claim: Claim): { workflow: WorkflowRow; task: TaskRow } | null {
  const workflow = changes.workflow(claim.workflow.id);
  const task = workflow && changes.task(workflow.id, claim.task.id);
  if (!workflow || !task || task.state !== "running" || task.attempt !== claim.attempt) return null;
  return { workflow, task };
}

type Effect = { settlement: Settlement; commit: NonNullable<TaskResult["commit"]> };

/** The effects to save: those of attempts that succeeded, still hold their task, in a run not cancelled. */
function effectsToSave(changes: WorkflowChanges, settlements: Settlement[]): Effect[] {
  return settlements.flatMap((settlement) => {
    const { claim, outcome } = settlement;
    const commit = outcome.kind === "succeeded" ? outcome.result?.commit : undefined;
    const held = commit && heldBy(changes, claim);
    return held && held.workflow.control !== "cancelled" ? [{ settlement, commit }] : [];
  });
}

/**
 * Saves the attempts' own effects, each of which may fail without failing the others or the step;
 * returns why each one that failed could not be saved. They are saved together in one savepoint,
 * and only when that fails, again one savepoint each, to tell which failed. A savepoint each, every
 * time, made a subtransaction per effect: PostgreSQL keeps 64 of a transaction's subtransactions in
 * shared memory, and past that every other session has to look them up in pg_subtrans while the
 * step runs, a slowdown of the whole database (a step settles up to the worker's concurrency, 256).
 * It also cost a round trip each, and the driver never releases a savepoint, so each one nested
 * the rest of the step a level deeper.
 */
async function saveEffects(tx: Transaction, effects: Effect[]): Promise<Map<Settlement, Error>> {
  const unsaved = new Map<Settlement, Error>();
  if (effects.length === 0) return unsaved;
  const together = await tx
    .transaction(async (savepoint) => {
      for (const effect of effects) await effect.commit(savepoint);
    })
    .then(
      () => true,
      () => false,
    );
  if (together) return unsaved;
  for (const effect of effects) {
    await tx
      .transaction(async (savepoint) => effect.commit(savepoint))
      .catch((cause: unknown) => {
        const { claim } = effect.settlement;
        logger.warn(
          { err: cause, workflowId: claim.workflow.id, task: claim.task.name },
          "a task's result could not be saved",
        );
        // Without the cause attached: shown as it is, not as the database error under it.
        unsaved.set(effect.settlement, new Error(`its result could not be saved: ${messageOf(cause)}`));
      });
  }
  return unsaved;
}

/** Settles an attempt in the change set; `unsaved` is why its effect could not be saved, if so. */
function settleOne(changes: WorkflowChanges, { claim, outcome }: Settlement, unsaved?: Error): void {
  const held = heldBy(changes, claim);
  if (!held) {
    // Taken over elsewhere meanwhile; the job is completed only if this attempt still holds it.
    if (outcome.kind === "succeeded") changes.completeJob(claim.job);
    return;
  }
  const { workflow, task } = held;
  const now = new Date();
  if (outcome.kind === "released") {
    // A new job at once, so another process (or this one's restart) takes the task up without
    // waiting for the heartbeat to lapse; the attempt is not counted, as it never finished.
    const handedBack = changes.setTask(
      task,
      { attempt: claim.attempt - 1, heartbeatAt: null, workerId: null },
      "handed back",
    );
    changes.enqueue(handedBack, `attempt ${claim.attempt} handed back: its process stopped before it finished`);
    changes.completeJob(claim.job);
    return;
  }
  if (workflow.control === "cancelled") {
    const reason =
      outcome.kind === "succeeded"
        ? "finished after the workflow was cancelled; result discarded"
        : `aborted: the workflow was cancelled (${messageOf(outcome.error)})`;
    changes.setTask(task, { state: "cancelled", finishedAt: now }, reason);
    changes.completeJob(claim.job);
    return;
  }
  const error = outcome.kind === "failed" ? outcome.error : (unsaved ?? null);
  if (outcome.kind === "succeeded" && error === null) {
    changes.setTask(
      task,
      { state: "succeeded", output: outcome.result?.output ?? null, progress: 100, finishedAt: now, error: null },
      `attempt ${claim.attempt} succeeded`,
    );
    changes.completeJob(claim.job);
    return;
  }
  const reason = `attempt ${claim.attempt} of ${task.maxAttempts} failed: ${messageOf(error)}`;
  if (claim.attempt >= task.maxAttempts || isPermanent(error)) {
    const to = task.skippable ? "skipped" : "failed";
    changes.setTask(task, { state: to, finishedAt: now, error: reason }, reason);
    // A permanent failure is not retried: the job is completed, the task failed.
    if (isPermanent(error)) changes.completeJob(claim.job);
    else changes.failJob(claim.job);
  } else {
    changes.setTask(task, { state: "retrying", error: messageOf(error) }, reason);
    // pg-boss schedules the next attempt with exponential backoff and jitter.
    changes.failJob(claim.job);
  }
}

/**
 * Progress is reported as it goes; one that cannot be written (the database restarting) is
 * logged and dropped rather than failing the attempt: the next report, or the attempt's end,
 * writes the truth.
 */
async function reportProgress(claim: Claim, percent: number) {
  const value = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  const snapshots = await getDb()
    .transaction(async (tx) => {
      const changes = await WorkflowChanges.lock(tx, [claim.workflow.id]);
      const task = changes.task(claim.workflow.id, claim.task.id);
      if (task?.state !== "running" || task.attempt !== claim.attempt || task.progress === value) return [];
      changes.setTask(task, { progress: value, heartbeatAt: new Date() }, "progress");
      return changes.flush();
    })
    .catch((error: unknown) => {
      logger.warn({ err: error, task: claim.task.name }, "could not record a task's progress");
      return [];
    });
  publish(snapshots);
}

/** Runs a claimed attempt's handler; the outcome is settled by the worker's next step. */
export async function runAttempt(claim: Claim, signal: AbortSignal): Promise<Outcome> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener("abort", onAbort, { once: true });
  const set = running.get(claim.workflow.id) ?? new Set();
  set.add(controller);
  running.set(claim.workflow.id, set);
  try {
    const definition = taskRegistry().get(claim.task.name);
    const result = await raceAbort(
      definition.handler({
        workflowId: claim.workflow.id,
        projectId: claim.workflow.projectId,
        taskName: claim.task.name,
        attempt: claim.attempt,
        signal: controller.signal,
        progress: (percent) => reportProgress(claim, percent),
        parameters: claim.workflow.parameters,
        outputs: claim.outputs,
      }),
      controller.signal,
    );
    return { kind: "succeeded", result: checkedOutput(definition, result) };
  } catch (error) {
    if (isShutdownAbort(controller.signal.reason)) return { kind: "released" };
    logger.info({ err: error, workflowId: claim.workflow.id, task: claim.task.name }, "task attempt failed");
    return { kind: "failed", error };
  } finally {
    signal.removeEventListener("abort", onAbort);
    set.delete(controller);
    if (set.size === 0) running.delete(claim.workflow.id);
  }
}

/**
 * The result with its output checked against the task's declared shape: what the task stores is
 * what its readers will parse. A mismatch is a defect of the task, not a passing fault, so the
 * attempt fails for good, naming the field.
 */
function checkedOutput(definition: TaskDefinition, result: TaskResult | undefined): TaskResult | undefined {
  if (result?.output === undefined) return result;
  const parsed = definition.output.safeParse(result.output);
  if (parsed.success) return { ...result, output: parsed.data };
  const issue = parsed.error.issues[0];
  throw new PermanentTaskError(
    `Task ${definition.name} produced an output of the wrong shape (${issue?.path.join(".") || "output"}: ${issue?.message}); it was not saved.`,
  );
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
