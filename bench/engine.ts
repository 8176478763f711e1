/**
 * Benchmark of the workflow engine (prints one JSON object; not a test). On a fresh embedded
 * PostgreSQL it measures, in the same run:
 * - no-op tasks through the full workflow path (create, schedule, claim, run, settle, enqueue
 *   next): tasks per second under load, and schedule→start latency (queued_at → started_at,
 *   database clock) one task at a time on an idle engine (and, for information, under the load);
 * - a chain of dependent tasks (BENCH_CHAINS sequential runs of BENCH_TASKS, one at a time): the
 *   hop from one task's finish to the next one's start (`chain_hop_ms`);
 * - the same for bare pg-boss jobs (pg-boss's own worker, as many jobs in flight), as the baseline,
 *   and bare pg-boss at its best here (`baseline_best`: batches of 100 fetched by four loops);
 * - recovery: a worker process running a task is killed with SIGKILL; seconds until another
 *   worker runs the task again.
 * Sizes: BENCH_WORKFLOWS × BENCH_TASKS no-op tasks (default 200 × 25: long enough that the
 * start-up ramp does not dominate), BENCH_CONCURRENCY attempts at once (default 32, the
 * default SIGHTLINE_WORKER_CONCURRENCY).
 * Every throughput (the workflow path and both baselines) is measured on its second batch of the
 * same size, as of a server that has been running: the first batch through a fresh process also
 * measures what happens once, V8 compiling the code on the way, each pooled connection's first
 * statements, pg-boss's worker waiting for its queue cache to learn of a backlog. The workflow
 * path's first batch is printed too (`cold_tasks_per_s`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { z } from "zod";
import { startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { closeRuntime, composeRuntime } from "@/server/runtime/compose";
import { getDb } from "@/server/runtime/slot";
import { createProject } from "@/server/services/projects/create-project";
import { createWorkflow } from "@/server/services/workflows/create-workflow";
import { startWorkflow } from "@/server/services/workflows/start-workflow";
import { bossOptions } from "@/server/workflow/boss";
import { startEngine } from "@/server/workflow/engine";
import type { TaskDefinition } from "@/server/workflow/registry";
import { chainTasks, createScratchTables, durabilityTasks } from "@/server/workflow/testing/durability-tasks";

const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 200);
const TASKS = Number(process.env.BENCH_TASKS ?? 25);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
const CHAINS = Number(process.env.BENCH_CHAINS ?? 20);
const BEST_BATCH = Number(process.env.BENCH_BEST_BATCH ?? 100);
const BEST_LOOPS = Number(process.env.BENCH_BEST_LOOPS ?? 4);
const quiet = { info: () => {}, warn: () => {} };

const noopNames = Array.from({ length: TASKS }, (_, i) => `bench_noop_${i}`);
const noopTasks: TaskDefinition[] = noopNames.map((name) => ({
  name,
  phase: "execution",
  dependsOn: [],
  output: z.undefined(),
  retry: { maxAttempts: 1 },
  handler: async () => ({}),
}));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
const round = (x: number) => Math.round(x * 100) / 100;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("benchmark step timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function untilCompleted(workflowId: string, timeoutMs: number) {
  await waitUntil(async () => {
    const [row] = await getDb().execute<{ state: string }>(sql`select state from workflows where id = ${workflowId}`);
    return row?.state === "completed";
  }, timeoutMs);
}

/** A pg-boss instance with the engine's settings and a queue of its own, for the baselines. */
async function bareBoss(url: string, queue: string) {
  // pg-boss's own worker decides when to fetch again in bursts from the queue's ready count,
  // which it reads from its queue cache: refreshed every second here.
  const boss = new PgBoss({ ...bossOptions(url), queueCacheIntervalSeconds: 1 });
  boss.on("error", (error) => process.stderr.write(`baseline job engine: ${error.message}\n`));
  await boss.start();
  await boss.createQueue(queue, { notify: true });
  return boss;
}

/** The workflow path's throughput: a first batch (cold), then the measured one. */
async function workflowPath() {
  const cold = await workflowBatch();
  const warm = await workflowBatch();
  return { ...warm, cold_tasks_per_s: cold.tasks_per_s };
}

async function workflowBatch() {
  const project = await createProject({ name: `bench ${Date.now()}`, cameraView: "left", signalType: "gpio" }, null);
  const ids: string[] = [];
  for (let i = 0; i < WORKFLOWS; i++) {
    const { id } = await createWorkflow(
      { projectId: project.id, strategy: "parallel", maxConcurrentTasks: 32, tasks: noopNames },
      null,
    );
    ids.push(id);
  }
  const started = performance.now();
  await Promise.all(ids.map((id) => startWorkflow({ id }, null)));
  await waitUntil(async () => {
    const [row] = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from workflows where state <> 'completed' and project_id = ${project.id}`,
    );
    return row?.n === 0;
  }, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const latencies = await getDb().execute<{ ms: number }>(sql`
    select extract(epoch from (t.started_at - t.queued_at)) * 1000 as ms
    from workflow_tasks t join workflows w on w.id = t.workflow_id where w.project_id = ${project.id}`);
  const sorted = latencies.map((r) => Number(r.ms)).sort((a, b) => a - b);
  return {
    tasks_per_s: round((WORKFLOWS * TASKS) / seconds),
    under_load_schedule_to_start_ms: { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) },
  };
}

/** schedule→start on an idle engine: one single-task run at a time. */
async function workflowLatency(samples: number) {
  const project = await createProject(
    { name: `bench latency ${Date.now()}`, cameraView: "left", signalType: "gpio" },
    null,
  );
  for (let i = 0; i < samples; i++) {
    const { id } = await createWorkflow({ projectId: project.id, tasks: [noopNames[0] as string] }, null);
    await startWorkflow({ id }, null);
    await untilCompleted(id, 30_000);
  }
  const rows = await getDb().execute<{ ms: number }>(sql`
    select extract(epoch from (t.started_at - t.queued_at)) * 1000 as ms
    from workflow_tasks t join workflows w on w.id = t.workflow_id where w.project_id = ${project.id}`);
  const sorted = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) };
}

/**
 * A chain of dependent tasks on an idle engine: a sequential run whose every task is enqueued by
 * the settlement of the one before (in that transaction). Each hop is the next task's start minus
 * the previous one's finish (both stamped by the worker's clock).
 */
async function chainHops(chains: number, length: number) {
  const project = await createProject(
    { name: `bench chain ${Date.now()}`, cameraView: "left", signalType: "gpio" },
    null,
  );
  const names = noopNames.slice(0, length);
  for (let c = 0; c < chains; c++) {
    const { id } = await createWorkflow({ projectId: project.id, strategy: "sequential", tasks: names }, null);
    await startWorkflow({ id }, null);
    await untilCompleted(id, 60_000);
  }
  const rows = await getDb().execute<{ ms: number }>(sql`
    select extract(epoch from (t.started_at - lag(t.finished_at) over (partition by t.workflow_id order by t.position))) * 1000 as ms
    from workflow_tasks t join workflows w on w.id = t.workflow_id where w.project_id = ${project.id}`);
  const sorted = rows
    .map((r) => r.ms)
    .filter((ms): ms is number => ms !== null)
    .map(Number)
    .sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), hops: sorted.length };
}

/**
 * pg-boss on its own at its best on this machine: large batches (BENCH_BEST_BATCH, default 100)
 * fetched by several loops at once (BENCH_BEST_LOOPS, default 4), each completing its batch in
 * one statement, no latency bound.
 */
async function bestBareJobs(url: string) {
  const queue = "bench-best";
  const boss = await bareBoss(url, queue);
  const total = WORKFLOWS * TASKS;
  let done = 0;
  await boss.work(
    queue,
    {
      batchSize: BEST_BATCH,
      localConcurrency: BEST_LOOPS,
      burstWhenReadyExceeds: 1,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
    },
    async (jobs) => {
      done += jobs.length;
    },
  );
  // Sent in batches of 1,000 (one statement each), as fast as the database takes them.
  const batch = async () => {
    done = 0;
    const started = performance.now();
    for (let at = 0; at < total; at += 1000) {
      await boss.insert(
        queue,
        Array.from({ length: Math.min(1000, total - at) }, () => ({ data: {} })),
      );
    }
    await waitUntil(async () => done >= total, 600_000);
    return (performance.now() - started) / 1000;
  };
  await batch();
  const seconds = await batch();
  await boss.stop({ graceful: true, timeout: 5000 });
  return { jobs_per_s: round(total / seconds) };
}

async function bareJobs(url: string) {
  const queue = "bench-bare";
  const boss = await bareBoss(url, queue);
  const total = WORKFLOWS * TASKS;
  const latencies: number[] = [];
  let done = 0;
  // pg-boss's own worker at its fastest with as many jobs in flight as the engine's worker: two
  // loops, each fetching half of them at once and completing them together in one statement.
  const options = {
    batchSize: Math.max(1, Math.round(CONCURRENCY / 2)),
    localConcurrency: 2,
    burstWhenReadyExceeds: 1,
    pollingIntervalSeconds: 0.5,
    notifyPollingIntervalSeconds: 0.5,
  } as const;
  await boss.work<{ sentAt: number }>(queue, options, async (jobs) => {
    for (const job of jobs) latencies.push(Date.now() - job.data.sentAt);
    done += jobs.length;
  });
  const batch = async () => {
    done = 0;
    latencies.length = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: total }, () => boss.send(queue, { sentAt: Date.now() })));
    await waitUntil(async () => done >= total, 600_000);
    return (performance.now() - started) / 1000;
  };
  await batch();
  const seconds = await batch();
  const loaded = [...latencies].sort((a, b) => a - b);
  // Idle latency: one job at a time.
  latencies.length = 0;
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const before = done;
    await boss.send(queue, { sentAt: Date.now() });
    await waitUntil(async () => done > before, 30_000);
  }
  await boss.stop({ graceful: true, timeout: 5000 });
  latencies.sort((a, b) => a - b);
  return {
    jobs_per_s: round(total / seconds),
    schedule_to_start_ms: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    under_load_schedule_to_start_ms: { p50: round(percentile(loaded, 50)), p99: round(percentile(loaded, 99)) },
  };
}

function startWorkerProcess(url: string): Promise<ChildProcess> {
  const root = path.resolve(import.meta.dirname, "..");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./server/runtime/register.mjs", "server/workflow/testing/worker-main.ts"],
    { cwd: root, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "ignore"] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => String(chunk).includes("ready") && resolve(child));
    child.on("exit", (code) => reject(new Error(`worker exited (${code})`)));
  });
}

/** Worker A runs a long task and is killed; worker B, already idle, takes the task over. */
async function recovery(url: string) {
  await createScratchTables();
  const child = await startWorkerProcess(url);
  const project = await createProject(
    { name: `bench recovery ${Date.now()}`, cameraView: "left", signalType: "gpio" },
    null,
  );
  const { id } = await createWorkflow(
    {
      projectId: project.id,
      strategy: "sequential",
      tasks: [chainTasks[0] as string],
      parameters: { sleepMs: 120_000 },
    },
    null,
  );
  await startWorkflow({ id }, null);
  const attemptOf = async () => {
    const [row] = await getDb().execute<{ attempt: number; state: string }>(
      sql`select attempt, state from workflow_tasks where workflow_id = ${id}`,
    );
    return row;
  };
  await waitUntil(async () => (await attemptOf())?.state === "running", 60_000);
  const other = await startWorkerProcess(url);
  const killedAt = performance.now();
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
  await waitUntil(async () => ((await attemptOf())?.attempt ?? 0) >= 2, 120_000);
  const seconds = round((performance.now() - killedAt) / 1000);
  other.kill("SIGKILL");
  return seconds;
}

async function main() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bench-"));
  const pg = await startEmbeddedPostgres({ dataDir, log: quiet });
  try {
    await applyMigrations(pg.url);
    // The pool a server composes (its default size): a larger one only adds contention here.
    composeRuntime({ databaseUrl: pg.url, tasks: [...noopTasks, ...durabilityTasks] });
    const engine = await startEngine({ databaseUrl: pg.url, work: true, concurrency: CONCURRENCY });
    const workflow = await workflowPath();
    const latency = await workflowLatency(LATENCY_SAMPLES);
    const chain = await chainHops(CHAINS, TASKS);
    // Only worker processes may take the recovery task; this process stops running tasks.
    await engine.stop(2);
    const baseline = await bareJobs(pg.url);
    const best = await bestBareJobs(pg.url);
    const controller = await startEngine({ databaseUrl: pg.url, work: false, concurrency: 1 });
    const recovery_s = await recovery(pg.url);
    await controller.stop(0);
    process.stdout.write(
      `${JSON.stringify({
        tasks_per_s: workflow.tasks_per_s,
        cold_tasks_per_s: workflow.cold_tasks_per_s,
        schedule_to_start_ms: latency,
        chain_hop_ms: { p50: chain.p50, p99: chain.p99 },
        recovery_s,
        under_load_schedule_to_start_ms: workflow.under_load_schedule_to_start_ms,
        baseline,
        baseline_best: best,
        settings: { workflows: WORKFLOWS, tasks_per_workflow: TASKS, worker_concurrency: CONCURRENCY },
      })}\n`,
    );
  } catch (error) {
    process.stderr.write(`bench:engine failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await closeRuntime();
    await pg.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  process.exit(process.exitCode ?? 0);
}

main().catch((error) => {
  process.stderr.write(`bench:engine failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
