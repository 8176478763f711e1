/**
 * The pg-boss instance of this process: the job engine under the workflow engine. Each task
 * attempt is one job on the `workflow-task` queue; pg-boss claims it (SKIP LOCKED), retries it
 * with exponential backoff and jitter, expires it after the task's timeout, and hands a dead
 * worker's job to another once its heartbeat stops.
 */
import { type ConstructorOptions, PgBoss } from "pg-boss";
import { logger } from "../logger";
import { runtime } from "../runtime/slot";

export const TASK_QUEUE = "workflow-task";
/** The schema of pg-boss's tables. */
export const BOSS_SCHEMA = "pgboss";
/** Jobs whose last attempt failed land here, also when the worker died and no handler ran. */
export const DEAD_TASK_QUEUE = "workflow-task-dead";
/** pg-boss's minimum; a dead worker's job is taken over within about this long. */
export const HEARTBEAT_SECONDS = 10;

export const priorityOf = { low: 0, normal: 1, high: 2, critical: 3 } as const;

/** The instance settings of the engine (also used by the benchmark's bare pg-boss baseline). */
export function bossOptions(databaseUrl: string): ConstructorOptions {
  return {
    connectionString: databaseUrl,
    schema: BOSS_SCHEMA,
    max: 6,
    useListenNotify: true,
    // Fast takeover of a killed worker's jobs (seconds, not minutes).
    superviseIntervalSeconds: 1,
    monitorIntervalSeconds: 1,
  };
}

export async function startBoss(databaseUrl: string): Promise<PgBoss> {
  const started = runtime().boss;
  if (started) return started;
  const boss = new PgBoss(bossOptions(databaseUrl));
  boss.on("error", (error) => logger.error({ err: error }, "job engine error"));
  await boss.start();
  await ensureQueue(boss, DEAD_TASK_QUEUE, { notify: true });
  await ensureQueue(boss, TASK_QUEUE, {
    heartbeatSeconds: HEARTBEAT_SECONDS,
    notify: true,
    deadLetter: DEAD_TASK_QUEUE,
  });
  runtime().boss = boss;
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Parameters<PgBoss["createQueue"]>[1]) {
  if (await boss.getQueue(name)) return;
  await boss.createQueue(name, options).catch(async (error) => {
    // Another process created it at the same moment.
    if (!(await boss.getQueue(name))) throw error;
  });
}

/** Stops claiming, waits up to `graceSeconds` for running jobs, then lets go of the rest. */
export async function stopBoss(graceSeconds: number): Promise<void> {
  const boss = runtime().boss;
  // Still reachable while it stops: attempts finishing in the grace period settle through it.
  await boss?.stop({ graceful: true, timeout: graceSeconds * 1000 });
  runtime().boss = undefined;
}
