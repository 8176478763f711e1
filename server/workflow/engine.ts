/**
 * Starts and stops the workflow engine in a process: the pg-boss instance, the task worker (in
 * every process but a web-only one), the dead-letter reconciler, the cancel listener, and the
 * recovery pass that takes up every running workflow at start — at once for the attempts of a
 * predecessor known to be dead. (The rig dispatcher, server/dispatch, is started beside it by
 * the process once rigs can reach it.)
 */
import { randomUUID } from "node:crypto";
import { and, eq, notInArray } from "drizzle-orm";
import type { JobWithMetadata } from "pg-boss";
import { workflows } from "@/db/schema";
import { terminalRunStates } from "@/lib/states";
import { getDb, getSql } from "@/server/runtime/slot";
import { logger } from "../logger";
import { announce } from "./announce";
import { DEAD_TASK_QUEUE, startBoss, stopBoss } from "./boss";
import { listenForCancels } from "./cancel-listener";
import { WorkflowChanges } from "./changes";
import { settleDeadTask } from "./dead-letter";
import type { TaskJob } from "./scheduler";
import { takeBackAttemptsOf } from "./take-back-predecessor";
import { runningWorker, setRunningWorker, startWorker, type Worker } from "./worker";

export type EngineOptions = {
  databaseUrl: string;
  /** Run task attempts in this process (false for a web-only process). */
  work: boolean;
  /** Attempts this process runs at once (its share of the global worker concurrency). */
  concurrency: number;
  /** This engine instance's id, recorded on the attempts it runs (default: a new one). */
  workerId?: string;
  /** An earlier engine instance known to be dead (the data dir's previous server): its attempts are taken back at once. */
  takeBackFrom?: string | null;
};

export type Engine = { stop(graceSeconds: number): Promise<void> };

/** Most jobs one worker step claims (never more than its free slots), and most it settles. */
const MAX_BATCH = 64;
/** How often an idle worker looks for jobs nobody announced (retries whose backoff passed). */
const POLL_INTERVAL_MS = 500;

export async function startEngine(options: EngineOptions): Promise<Engine> {
  const boss = await startBoss(options.databaseUrl);
  let unlisten: (() => Promise<void>) | undefined;
  let worker: Worker | undefined;
  if (options.work) {
    unlisten = await listenForCancels(getSql());
    if (options.takeBackFrom) await takeBackAttemptsOf(options.takeBackFrom);
    worker = await startWorker(getSql(), {
      workerId: options.workerId ?? randomUUID(),
      concurrency: options.concurrency,
      maxBatch: MAX_BATCH,
      pollIntervalMs: POLL_INTERVAL_MS,
    });
    setRunningWorker(worker);
    await boss.work<TaskJob>(
      DEAD_TASK_QUEUE,
      { includeMetadata: true, pollingIntervalSeconds: 1 } as const,
      async ([job]) => {
        if (job) await settleDeadTask(job as JobWithMetadata<TaskJob>);
      },
    );
    await recoverRunningWorkflows();
  }
  logger.info({ work: options.work, concurrency: options.concurrency }, "workflow engine started");
  return {
    async stop(graceSeconds) {
      // No more claims are handed to it; attempts that finish in the grace period still settle
      // through pg-boss and the database.
      if (worker && runningWorker() === worker) setRunningWorker(undefined);
      await worker?.stop(graceSeconds);
      await unlisten?.();
      await stopBoss(graceSeconds);
    },
  };
}

/**
 * Takes up every workflow that was running: anything ready but not enqueued (there should be
 * none, as enqueueing shares the transaction of the change that made a task ready) is scheduled;
 * attempts whose worker died are retried by pg-boss once their heartbeat lapses.
 */
async function recoverRunningWorkflows(): Promise<void> {
  // Finished runs keep control "running"; only unfinished ones have anything to take up.
  const ids = await getDb()
    .select({ id: workflows.id })
    .from(workflows)
    .where(and(eq(workflows.control, "running"), notInArray(workflows.state, [...terminalRunStates])));
  for (const { id } of ids) {
    const snapshots = await getDb().transaction(async (tx) => {
      const changes = await WorkflowChanges.lock(tx, [id]);
      const started = changes.schedule(id);
      return started.length > 0 ? changes.flush({ reason: "recovered after a restart" }) : [];
    });
    announce(snapshots);
  }
  if (ids.length > 0) logger.info({ workflows: ids.length }, "took up running workflows");
}
