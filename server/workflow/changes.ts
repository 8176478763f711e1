/**
 * A change set over one or more workflows, inside one transaction: the workflows are locked and
 * read with all their tasks once, every change (task states, scheduling, job settlements,
 * transitions) is made in memory, and `flush` writes it all with a fixed number of statements,
 * however many tasks and workflows it covers. Batching is what lets the engine settle hundreds
 * of task attempts per second on a small machine: the cost is per transaction, not per task.
 *
 * Every change to a workflow and its tasks goes through a change set, so the workflow's row lock
 * serialises them across processes, and the derived state, progress and transition log always
 * agree with the tasks.
 */
import { type SQL, sql } from "drizzle-orm";
import type { JobInsert } from "pg-boss";
import { isAnyOf } from "@/db/any-of";
import type { Transaction } from "@/db/client";
import { type workflowEvents, workflows, workflowTasks } from "@/db/schema";
import { tableRows } from "@/db/table-rows";
import { getBoss, runtime } from "../runtime/slot";
import { BOSS_SCHEMA, TASK_QUEUE } from "./boss";
import { bossInTransaction } from "./boss-in-transaction";
import { refreshedWorkflow, type WorkflowSnapshot } from "./refresh";
import type { TaskRow, WorkflowRow } from "./rows";
import { planReadyTasks, type TaskJob, taskJob } from "./scheduler";

// A change set's reads are the engine's hottest statements: their texts are fixed and their rows
// decoded as Drizzle's select would (db/table-rows.ts), without building a select each time.
const workflowRows = tableRows(workflows);
const taskRowsOf = tableRows(workflowTasks);

/** Notified (on commit) whenever task jobs were enqueued, so idle workers fetch at once. */
export const TASK_READY_CHANNEL = "sightline_task_ready";

type Transition = typeof workflowEvents.$inferInsert;

/** What a change set may change on a workflow: the columns `flush` writes (the rest are derived or fixed). */
export type WorkflowPatch = Partial<
  Pick<WorkflowRow, "control" | "chosenStrategy" | "complexityScore" | "error" | "startedAt" | "finishedAt">
>;
/** What a change set may change on a task: the columns `flush` writes. */
export type TaskPatch = Partial<
  Pick<
    TaskRow,
    | "state"
    | "attempt"
    | "progress"
    | "output"
    | "error"
    | "jobId"
    | "queuedAt"
    | "startedAt"
    | "finishedAt"
    | "heartbeatAt"
    | "workerId"
  >
>;
type JobRef = { id: string; retryCount: number };

export class WorkflowChanges {
  private readonly workflows = new Map<string, WorkflowRow>();
  private readonly tasks = new Map<string, TaskRow[]>();
  private readonly dirtyTasks = new Map<string, TaskRow>();
  /** Workflows to refresh at flush, with the reason of their last change. */
  private readonly touched = new Map<string, string>();
  private readonly transitions: Transition[] = [];
  private readonly jobs: (JobInsert<TaskJob> & { id: string })[] = [];
  private readonly completed: JobRef[] = [];
  /** Jobs completed by id alone, whatever attempt holds them (a dead process's). */
  private readonly completedById: string[] = [];
  private readonly failed: JobRef[] = [];
  private readonly cancelled: string[] = [];
  private readonly notifications: [string, string][] = [];

  private constructor(readonly tx: Transaction) {}

  /** A change set holding no workflows yet, for a caller that locks them in more than one go (`add`, `addFetched`). */
  static open(tx: Transaction): WorkflowChanges {
    return new WorkflowChanges(tx);
  }

  /** Locks the workflows (in id order, so concurrent change sets never deadlock) and reads them. */
  static async lock(tx: Transaction, workflowIds: readonly string[]): Promise<WorkflowChanges> {
    const changes = WorkflowChanges.open(tx);
    await changes.add(tx, workflowIds);
    return changes;
  }

  /**
   * Locks and reads more workflows into the change set. With `skipLocked`, a workflow another
   * transaction holds is left out instead of waited for (a caller that already holds other locks
   * out of order, freshly claimed job rows, could deadlock by waiting); returns those left out.
   */
  async add(
    tx: Transaction,
    workflowIds: readonly string[],
    options: { skipLocked?: boolean } = {},
  ): Promise<string[]> {
    const ids = [...new Set(workflowIds)].filter((id) => !this.workflows.has(id)).sort();
    if (ids.length === 0) return [];
    return this.read(tx, isAnyOf(workflows.id, ids), isAnyOf(workflowTasks.workflowId, ids), options.skipLocked);
  }

  /**
   * Locks (skipping those another transaction holds) and reads the workflows of the task jobs
   * this transaction has fetched; returns those left out. pg-boss stamps each job it hands out
   * with its transaction's time (`job_now()`), which names them in SQL before their ids are known
   * here, so these statements are sent right behind the fetch and cost no round trip of their
   * own. The caller still checks each fetched job against the change set and reads any workflow
   * this missed with `add`: nothing rests on the stamp.
   */
  addFetched(tx: Transaction): Promise<string[]> {
    const fetchedRuns = sql`any(array(
      select (data ->> 'workflowId')::uuid from ${sql.raw(BOSS_SCHEMA)}.job
      where name = ${TASK_QUEUE} and state = 'active' and started_on = ${sql.raw(BOSS_SCHEMA)}.job_now()))`;
    return this.read(
      tx,
      sql`${workflows.id} = ${fetchedRuns}`,
      sql`${workflowTasks.workflowId} = ${fetchedRuns}`,
      true,
    );
  }

  /**
   * The statements of `add` and `addFetched`, sent together (pipelined): the server runs them in
   * order, so the tasks are read under the lock. A workflow already in the change set keeps the
   * rows and changes it has; tasks of a workflow left out (skip locked) are ignored.
   */
  private async read(tx: Transaction, ofWorkflows: SQL, ofTasks: SQL, skipLocked = false): Promise<string[]> {
    const lock = skipLocked ? sql`for update skip locked` : sql`for update`;
    const locked = tx.execute(sql`select * from ${workflows} where ${ofWorkflows} order by ${workflows.id} ${lock}`);
    const tasks = tx.execute(sql`select * from ${workflowTasks} where ${ofTasks} order by ${workflowTasks.position}`);
    // Which of them exist, to tell a busy workflow from a deleted one.
    const existing = skipLocked
      ? tx.execute<{ id: string }>(sql`select ${workflows.id} from ${workflows} where ${ofWorkflows}`)
      : Promise.resolve([]);
    const [rows, taskRows, present] = await Promise.all([locked, tasks, existing]);
    const added = new Set<string>();
    for (const row of workflowRows(rows)) {
      if (this.workflows.has(row.id)) continue;
      this.workflows.set(row.id, row);
      this.tasks.set(row.id, []);
      added.add(row.id);
    }
    for (const task of taskRowsOf(taskRows))
      if (added.has(task.workflowId)) this.tasks.get(task.workflowId)?.push(task);
    return present.map((p) => p.id).filter((id) => !this.workflows.has(id));
  }

  workflow(id: string): WorkflowRow | undefined {
    return this.workflows.get(id);
  }

  tasksOf(workflowId: string): TaskRow[] {
    return this.tasks.get(workflowId) ?? [];
  }

  task(workflowId: string, taskId: string): TaskRow | undefined {
    return this.tasksOf(workflowId).find((t) => t.id === taskId);
  }

  /** Changes the workflow's own fields (control, strategy); its state is derived at flush. */
  setWorkflow(id: string, patch: WorkflowPatch, reason: string): WorkflowRow {
    const current = this.workflows.get(id);
    if (!current) throw new Error(`workflow ${id} is not part of this change set`);
    const next = { ...current, ...patch };
    this.workflows.set(id, next);
    this.touched.set(id, reason);
    return next;
  }

  /** Changes a task; a change of its state is logged as a transition with the reason. */
  setTask(task: TaskRow, patch: TaskPatch, reason: string, actorId: string | null = null): TaskRow {
    const list = this.tasks.get(task.workflowId);
    const index = list?.findIndex((t) => t.id === task.id) ?? -1;
    const current = list?.[index];
    if (!list || !current) throw new Error(`task ${task.name} is not part of this change set`);
    const next: TaskRow = { ...current, ...patch, updatedAt: new Date() };
    list[index] = next;
    this.dirtyTasks.set(next.id, next);
    // A new attempt is an event of its own, also when the task stays running (a worker died).
    if (next.state !== current.state || next.attempt > current.attempt) {
      this.transitions.push({
        workflowId: task.workflowId,
        taskName: task.name,
        fromState: current.state,
        toState: next.state,
        reason,
        actorId,
      });
      this.touched.set(task.workflowId, `task ${task.name} ${next.state}`);
    } else if (!this.touched.has(task.workflowId)) {
      this.touched.set(task.workflowId, reason);
    }
    return next;
  }

  /** Enqueues the tasks the workflow's strategy allows now; returns their names. */
  schedule(workflowId: string): string[] {
    const workflow = this.workflows.get(workflowId);
    if (!workflow) return [];
    const { strategy, start } = planReadyTasks(workflow, this.tasksOf(workflowId));
    for (const task of start) this.enqueue(task, `scheduled (${strategy})`);
    return start.map((t) => t.name);
  }

  /** Queues the task's next attempt as a new pg-boss job. */
  enqueue(task: TaskRow, reason: string): TaskRow {
    const workflow = this.workflows.get(task.workflowId);
    if (!workflow) throw new Error(`workflow ${task.workflowId} is not part of this change set`);
    const job = taskJob(workflow, task);
    this.jobs.push(job);
    return this.setTask(task, { state: "queued", queuedAt: new Date(), jobId: job.id }, reason);
  }

  /** How many jobs `flush` will enqueue (tasks made ready since the last flush). */
  jobsToEnqueue(): number {
    return this.jobs.length;
  }

  completeJob(job: JobRef): void {
    this.completed.push({ id: job.id, retryCount: job.retryCount });
  }

  /** Completes a job whose claim this process does not hold (taken back from a dead process). */
  completeJobById(id: string): void {
    this.completedById.push(id);
  }

  /** The job's attempt failed: pg-boss retries it with backoff, or dead-letters the last one. */
  failJob(job: JobRef): void {
    this.failed.push({ id: job.id, retryCount: job.retryCount });
  }

  cancelJobs(ids: readonly string[]): void {
    this.cancelled.push(...ids);
  }

  /** A NOTIFY delivered on commit. */
  notify(channel: string, payload: string): void {
    this.notifications.push([channel, payload]);
  }

  /** Marks a workflow for refresh even when none of its tasks changed. */
  touch(workflowId: string, reason: string): void {
    this.touched.set(workflowId, reason);
  }

  /**
   * Writes every change: tasks, the touched workflows' derived state and progress, the
   * transitions (in the order they happened, each workflow's own state change after its tasks'),
   * and the job operations. Returns the snapshots of the touched workflows, to push once committed.
   */
  async flush(options: { reason?: string; actorId?: string | null } = {}): Promise<WorkflowSnapshot[]> {
    const { tx } = this;
    const actorId = options.actorId ?? null;
    const now = new Date();
    const snapshots: WorkflowSnapshot[] = [];
    for (const [id, lastChange] of this.touched) {
      const reason = options.reason ?? lastChange;
      const workflow = this.workflows.get(id);
      if (!workflow) continue;
      const snapshot = refreshedWorkflow(workflow, this.tasksOf(id), now);
      // Delivered by PostgreSQL as this transaction commits, to every web process: the push does
      // not wait for this process to get round to it after the commit (a web process busy with a
      // burst of requests took up to 100 ms).
      const notice = runtime().workflowNotice?.(snapshot);
      if (notice) {
        this.notifications.push([notice.channel, notice.payload]);
        snapshot.notified = true;
      }
      snapshots.push(snapshot);
      this.workflows.set(id, snapshot.workflow);
      if (snapshot.state !== workflow.state) {
        this.transitions.push({ workflowId: id, fromState: workflow.state, toState: snapshot.state, reason, actorId });
      }
    }
    // The statements are independent of each other, so they are sent together: postgres-js
    // pipelines them on the transaction's connection, one round trip for all.
    const writes: Promise<unknown>[] = [];
    if (this.dirtyTasks.size > 0) writes.push(writeTasks(tx, [...this.dirtyTasks.values()]));
    if (snapshots.length > 0) writes.push(writeWorkflows(tx, snapshots));
    if (this.transitions.length > 0) writes.push(writeTransitions(tx, this.transitions));
    const db = bossInTransaction(tx);
    const boss = getBoss();
    if (this.jobs.length > 0) writes.push(boss.insert(TASK_QUEUE, this.jobs, { db }));
    if (this.completed.length > 0) writes.push(boss.complete(TASK_QUEUE, this.completed, null, { db }));
    if (this.completedById.length > 0) writes.push(boss.complete(TASK_QUEUE, this.completedById, null, { db }));
    // The reason is kept on the task and in the transition log; the job carries none.
    if (this.failed.length > 0) writes.push(boss.fail(TASK_QUEUE, this.failed, null, { db }));
    if (this.cancelled.length > 0) writes.push(boss.cancel(TASK_QUEUE, this.cancelled, { db }));
    const notifications = [...this.notifications];
    if (this.jobs.length > 0) notifications.push([TASK_READY_CHANNEL, ""]);
    if (notifications.length > 0) {
      // One statement of one text for any number (the rows are notified in order).
      writes.push(
        tx.execute(sql`select pg_notify(c, p) from unnest(
          ${sql.param(notifications.map(([channel]) => channel))}::text[],
          ${sql.param(notifications.map(([, payload]) => payload))}::text[]) as n(c, p)`),
      );
    }
    await Promise.all(writes);
    this.clear();
    return snapshots;
  }

  private clear() {
    this.dirtyTasks.clear();
    this.touched.clear();
    this.transitions.length = 0;
    this.jobs.length = 0;
    this.completed.length = 0;
    this.completedById.length = 0;
    this.failed.length = 0;
    this.cancelled.length = 0;
    this.notifications.length = 0;
  }
}

/**
 * One UPDATE for any number of tasks: their mutable columns as the change set holds them. The ids
 * are also given as an array: joined only with the recordset (which the planner takes for 100
 * rows), the table was read whole on every step, a cost that grew with every run ever made.
 */
async function writeTasks(tx: Transaction, rows: TaskRow[]) {
  const payload = JSON.stringify(
    rows.map((t) => ({
      id: t.id,
      state: t.state,
      attempt: t.attempt,
      progress: t.progress,
      output: t.output,
      error: t.error,
      job_id: t.jobId,
      queued_at: t.queuedAt,
      started_at: t.startedAt,
      finished_at: t.finishedAt,
      heartbeat_at: t.heartbeatAt,
      worker_id: t.workerId,
      updated_at: t.updatedAt,
    })),
  );
  await tx.execute(sql`
    update workflow_tasks as t set
      state = u.state, attempt = u.attempt, progress = u.progress, output = u.output, error = u.error,
      job_id = u.job_id, queued_at = u.queued_at, started_at = u.started_at, finished_at = u.finished_at,
      heartbeat_at = u.heartbeat_at, worker_id = u.worker_id, updated_at = u.updated_at
    from jsonb_to_recordset(${payload}::jsonb) as u(
      id uuid, state text, attempt integer, progress double precision, output jsonb, error text,
      job_id text, queued_at timestamptz, started_at timestamptz, finished_at timestamptz,
      heartbeat_at timestamptz, worker_id text, updated_at timestamptz)
    where t.id = u.id and t.id = any(${sql.param(rows.map((t) => t.id))}::uuid[])`);
}

/** One INSERT for any number of transitions, in the order given (their ids follow it). */
async function writeTransitions(tx: Transaction, transitions: Transition[]) {
  const payload = JSON.stringify(
    transitions.map((t) => ({
      workflow_id: t.workflowId,
      task_name: t.taskName ?? null,
      from_state: t.fromState ?? null,
      to_state: t.toState,
      reason: t.reason ?? "",
      actor_id: t.actorId ?? null,
    })),
  );
  await tx.execute(sql`
    insert into workflow_events (workflow_id, task_name, from_state, to_state, reason, actor_id)
    select u.workflow_id, u.task_name, u.from_state, u.to_state, u.reason, u.actor_id
    from rows from (jsonb_to_recordset(${payload}::jsonb) as (
      workflow_id uuid, task_name text, from_state text, to_state text, reason text, actor_id text))
      with ordinality as u(workflow_id, task_name, from_state, to_state, reason, actor_id, n)
    order by u.n`);
}

/**
 * One UPDATE for any number of workflows (their rows are locked; read by id, as for the tasks).
 * The version never goes back: a change written beside the change set in the same transaction (a
 * run's verdict, when its analysis commits) raised it already, and this raises it past that.
 */
async function writeWorkflows(tx: Transaction, snapshots: WorkflowSnapshot[]) {
  const payload = JSON.stringify(
    snapshots.map(({ workflow: w }) => ({
      id: w.id,
      state: w.state,
      control: w.control,
      chosen_strategy: w.chosenStrategy,
      complexity_score: w.complexityScore,
      progress: w.progress,
      overall_progress: w.overallProgress,
      version: w.version,
      error: w.error,
      started_at: w.startedAt,
      finished_at: w.finishedAt,
      updated_at: w.updatedAt,
    })),
  );
  await tx.execute(sql`
    update workflows as w set
      state = u.state, control = u.control, chosen_strategy = u.chosen_strategy,
      complexity_score = u.complexity_score, progress = u.progress, overall_progress = u.overall_progress,
      version = greatest(u.version, w.version + 1), error = u.error, started_at = u.started_at, finished_at = u.finished_at,
      updated_at = u.updated_at
    from jsonb_to_recordset(${payload}::jsonb) as u(
      id uuid, state text, control text, chosen_strategy text, complexity_score double precision,
      progress jsonb, overall_progress double precision, version bigint, error text,
      started_at timestamptz, finished_at timestamptz, updated_at timestamptz)
    where w.id = u.id and w.id = any(${sql.param(snapshots.map((s) => s.workflow.id))}::uuid[])`);
}
