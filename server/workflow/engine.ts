/**
 * Starts and stops the workflow engine in a process: the pg-boss instance, the task workers (in
 * every process but a web-only one), the dead-letter reconciler, the cancel listener, and the
 * recovery pass that takes up every running workflow at start.
 */
import { eq } from "drizzle-orm";
import type { JobWithMetadata } from "pg-boss";
import { getDb, getSql } from "@/db/client";
import { workflows } from "@/db/schema";
import { logger } from "../logger";
import { DEAD_TASK_QUEUE, startBoss, stopBoss, TASK_QUEUE, taskWorkerOptions } from "./boss";
import { listenForCancels } from "./cancel-listener";
import { settleDeadTask } from "./dead-letter";
import { publishWorkflow, toPush } from "./live";
import { lockWorkflow } from "./load";
import { refreshWorkflow } from "./refresh";
import { runTaskJob } from "./runner";
import { scheduleReadyTasks, type TaskJob } from "./scheduler";
import "./tasks";

export type EngineOptions = {
  databaseUrl: string;
  /** Run task attempts in this process (false for a web-only process). */
  work: boolean;
  /** Attempts this process runs at once (its share of the global worker concurrency). */
  concurrency: number;
};

export type Engine = { stop(graceSeconds: number): Promise<void> };

export async function startEngine(options: EngineOptions): Promise<Engine> {
  const boss = await startBoss(options.databaseUrl);
  let unlisten: (() => Promise<void>) | undefined;
  if (options.work) {
    unlisten = await listenForCancels(getSql());
    await boss.work<TaskJob>(TASK_QUEUE, taskWorkerOptions(options.concurrency), async ([job]) => {
      if (job) await runTaskJob(job);
    });
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
  const ids = await getDb().select({ id: workflows.id }).from(workflows).where(eq(workflows.control, "running"));
  for (const { id } of ids) {
    const snapshot = await getDb().transaction(async (tx) => {
      const workflow = await lockWorkflow(tx, id);
      const started = await scheduleReadyTasks(tx, workflow);
      return started.length > 0 ? refreshWorkflow(tx, workflow, "recovered after a restart") : null;
    });
    if (snapshot) publishWorkflow(toPush(snapshot));
  }
  if (ids.length > 0) logger.info({ workflows: ids.length }, "took up running workflows");
}
