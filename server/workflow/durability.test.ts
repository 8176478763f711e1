/**
 * Durability with real processes: worker processes are killed with SIGKILL during a task, between
 * tasks and during the completion transaction, and others take over. Every run must end as an
 * undisturbed run does, with a gap-free transition log and a counter (committed with each task's
 * completion) that is never double-counted. Two workers share one run's parallel tasks without
 * exceeding either concurrency limit. A worker stopped with SIGTERM hands back what outlasts its
 * grace period, and another takes it up at once. Runs on a database of its own, so no other test's workers
 * claim these jobs.
 */
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { sql } from "drizzle-orm";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowPush } from "@/lib/live-events";
import { getDb } from "@/server/runtime/slot";
import { projectInput } from "@/server/testing/factories";
import { startReady } from "@/server/testing/processes";
import { recompose } from "@/server/testing/recompose";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { attachLiveAdapter } from "../realtime/live-transport";
import { createProject } from "../services/projects/create-project";
import { createWorkflow } from "../services/workflows/create-workflow";
import { type Engine, startEngine } from "./engine";
import { chainTasks, createScratchTables, durabilityTasks, fanTasks } from "./testing/durability-tasks";
import { tasksOf, transitionsOf, waitFor, waitForState } from "./testing/wait";

const _root = path.resolve(import.meta.dirname, "../..");
let url: string;
let engine: Engine;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  await recompose({ tasks: durabilityTasks });
  url = testDatabaseUrl();
  await createScratchTables();
  // This process creates and controls runs; only the child processes run tasks.
  engine = await startEngine({ databaseUrl: url, work: false, concurrency: 1 });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await engine?.stop(0);
});

// Each test starts its own workers; none may outlive it and claim the next test's jobs.
afterEach(async () => {
  await Promise.all([...children].filter((c) => c.exitCode === null && c.signalCode === null).map(kill));
  children.clear();
});

async function startWorker(concurrency: number): Promise<ChildProcess> {
  const child = await startReady(
    "server/workflow/testing/worker-main.ts",
    { DATABASE_URL: url, SIGHTLINE_WORKER_CONCURRENCY: String(concurrency), LOG_LEVEL: "error" },
    "worker",
  );
  children.add(child);
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function counterOf(workflowId: string): Promise<number> {
  const rows = await getDb().execute<{ n: number }>(
    sql`select n from engine_test_counters where workflow_id = ${workflowId}`,
  );
  return rows[0]?.n ?? 0;
}

async function spansOf(workflowId: string) {
  return getDb().execute<{ task: string; pid: number; attempt: number; started: number; ended: number | null }>(sql`
    select task, pid, attempt,
      extract(epoch from started_at) * 1000 as started, extract(epoch from ended_at) * 1000 as ended
    from engine_test_spans where workflow_id = ${workflowId} order by started_at`);
}

async function newChainRun(parameters: Record<string, unknown>) {
  const project = await createProject(projectInput(), null);
  return createWorkflow(
    { projectId: project.id, strategy: "sequential", tasks: chainTasks, parameters, start: true },
    null,
  );
}

/** The run's own log and each task's log chain from state to state with no gap. */
async function expectGapFreeLog(workflowId: string) {
  const log = await transitionsOf(workflowId);
  const byTask = new Map<string | null, typeof log>();
  for (const event of log) byTask.set(event.taskName, [...(byTask.get(event.taskName) ?? []), event]);
  for (const [task, events] of byTask) {
    expect(events[0]?.fromState, `first transition of ${task ?? "the run"}`).toBe(task ? "pending" : "initialized");
    for (let i = 1; i < events.length; i++) {
      expect(events[i]?.fromState, `transition ${i} of ${task ?? "the run"}`).toBe(events[i - 1]?.toState);
    }
  }
  expect(byTask.get(null)?.at(-1)?.toState).toBe("completed");
}

async function expectSameEndAsUndisturbed(workflowId: string) {
  const done = await waitForState(workflowId, ["completed", "failed"], 90_000);
  expect(done.state).toBe("completed");
  const tasks = await tasksOf(workflowId);
  expect(tasks.every((t) => t.state === "succeeded")).toBe(true);
  expect(await counterOf(workflowId)).toBe(chainTasks.length);
  await expectGapFreeLog(workflowId);
}

describe("durability under SIGKILL", () => {
  it("a killed worker's task is taken over after its lease lapses (during a task)", async () => {
    const first = await startWorker(2);
    const { id } = await newChainRun({ sleepMs: 2500 });
    // "Running" is recorded when the attempt is claimed; wait until its handler has really begun.
    await waitFor(
      () => spansOf(id),
      (spans) => spans.some((s) => s.task === "chain_3" && s.attempt === 1),
      30_000,
    );
    await kill(first);
    const killedAt = Date.now();
    await startWorker(2);
    await waitFor(
      () => tasksOf(id),
      (tasks) => (tasks.find((t) => t.name === "chain_3")?.attempt ?? 0) >= 2,
      30_000,
    );
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    expect(recoverySeconds).toBeLessThan(20);
    await expectSameEndAsUndisturbed(id);
    const attempts = (await spansOf(id)).filter((s) => s.task === "chain_3").map((s) => s.attempt);
    expect(attempts).toEqual([1, 2]);
  }, 120_000);

  it("between tasks, and during the completion transaction, nothing is lost or counted twice", async () => {
    let worker = await startWorker(2);
    const { id } = await newChainRun({ sleepMs: 300, slowCommitTask: "chain_4", slowCommitSeconds: 3 });
    // Between tasks: right after chain_2 finished.
    await waitFor(
      () => tasksOf(id),
      (tasks) => tasks.find((t) => t.name === "chain_2")?.state === "succeeded",
      30_000,
    );
    await kill(worker);
    worker = await startWorker(2);
    // During the completion transaction of chain_4: its commit is seen sleeping inside it.
    await waitFor(
      () =>
        getDb().execute<{ n: number }>(sql`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state = 'active' and query like '%pg_sleep%'
            and pid <> pg_backend_pid()`),
      (rows) => (rows[0]?.n ?? 0) > 0,
      60_000,
    );
    await kill(worker);
    await startWorker(2);
    await expectSameEndAsUndisturbed(id);
    const chain4 = (await spansOf(id)).filter((s) => s.task === "chain_4");
    expect(chain4.length).toBeGreaterThanOrEqual(2);
    expect(chain4.filter((s) => s.ended !== null)).toHaveLength(1);
  }, 150_000);
});

describe("shutdown with SIGTERM", () => {
  it("lets a running attempt run out its grace period, then hands it back for another worker to take at once", async () => {
    const first = await startWorker(2);
    // chain_2 outlasts the worker's grace period (5 s) by far, however long the second worker
    // takes to start under load before the first is stopped; the other tasks are short.
    const { id } = await newChainRun({ sleepMs: 100, longTask: "chain_2", longSleepMs: 20_000 });
    // Its handler has begun (not only been claimed) before the worker is stopped.
    await waitFor(
      () => spansOf(id),
      (spans) => spans.some((s) => s.task === "chain_2" && s.pid === first.pid),
      30_000,
    );
    const second = await startWorker(2);
    const stoppedAt = Date.now();
    const exited = new Promise<number | null>((resolve) => first.once("exit", (code) => resolve(code)));
    first.kill("SIGTERM");
    expect(await exited).toBe(0);
    const exitSeconds = (Date.now() - stoppedAt) / 1000;
    // Taken up by the other worker at once, not after the 10 s heartbeat would have lapsed.
    const spans = await waitFor(
      () => spansOf(id),
      (rows) => rows.some((s) => s.task === "chain_2" && s.pid === second.pid),
      30_000,
    );
    const takenOver = spans.find((s) => s.task === "chain_2" && s.pid === second.pid);
    expect(exitSeconds).toBeGreaterThanOrEqual(4.5);
    expect((takenOver?.started ?? 0) - stoppedAt).toBeLessThan(8000);
    await expectSameEndAsUndisturbed(id);
    // The handed-back attempt did not count: the second worker ran attempt 1 again.
    const chain2 = (await spansOf(id)).filter((s) => s.task === "chain_2");
    expect(chain2.map((s) => [s.pid, s.attempt])).toEqual([
      [first.pid, 1],
      [second.pid, 1],
    ]);
    const handBack = (await transitionsOf(id)).find(
      (e) => e.taskName === "chain_2" && e.toState === "queued" && e.fromState === "running",
    );
    expect(handBack?.reason).toMatch(/handed back/);
  }, 120_000);
});

describe("two worker processes on one PostgreSQL", () => {
  it("share a run's parallel tasks and never exceed the per-process or per-workflow limit", async () => {
    const workers = [await startWorker(2), await startWorker(2)];
    const project = await createProject(projectInput(), null);
    const { id } = await createWorkflow(
      {
        projectId: project.id,
        strategy: "parallel",
        maxConcurrentTasks: 3,
        tasks: fanTasks,
        parameters: { sleepMs: 1000 },
        start: true,
      },
      null,
    );
    await waitForState(id, "completed", 60_000);
    const spans = (await spansOf(id)).map((s) => ({ ...s, ended: s.ended ?? Number.POSITIVE_INFINITY }));
    expect(spans).toHaveLength(fanTasks.length);
    const overlapAt = (list: typeof spans, t: number) => list.filter((s) => s.started <= t && t < s.ended).length;
    const pids = new Set(spans.map((s) => s.pid));
    expect(pids.size).toBe(2);
    for (const s of spans) {
      expect(overlapAt(spans, s.started)).toBeLessThanOrEqual(3);
      expect(
        overlapAt(
          spans.filter((o) => o.pid === s.pid),
          s.started,
        ),
      ).toBeLessThanOrEqual(2);
    }
    expect(Math.max(...spans.map((s) => overlapAt(spans, s.started)))).toBe(3);
    expect(workers).toHaveLength(2);
  }, 90_000);
});

describe("live pushes across processes", () => {
  it("reach a browser connected to a web process from a worker-only process, via PostgreSQL", async () => {
    // A web process's Socket.IO server with the PostgreSQL adapter; the browser joins a run's room.
    const http = createServer();
    const io = new Server(http);
    const transport = attachLiveAdapter(io, url);
    const room = { id: "" };
    io.of("/live").on("connection", (socket) => {
      socket.on("subscribe", (name: string) => void socket.join(name));
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}/live`, {
      transports: ["websocket"],
    });
    const pushes: WorkflowPush[] = [];
    const delays: number[] = [];
    client.on("workflow:changed", (push: WorkflowPush) => {
      pushes.push(push);
      delays.push(Date.now() - push.changedAt);
    });
    try {
      await new Promise<void>((resolve) => client.on("connect", () => resolve()));
      await startWorker(2);
      const project = await createProject(projectInput(), null);
      const { id } = await createWorkflow(
        { projectId: project.id, tasks: chainTasks.slice(0, 2), parameters: { sleepMs: 100 } },
        null,
      );
      room.id = id;
      client.emit("subscribe", `workflow:${id}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { startWorkflow } = await import("../services/workflows/start-workflow");
      await startWorkflow({ id }, null);
      await waitForState(id, "completed", 30_000);
      await waitFor(
        async () => pushes.filter((p) => p.workflowId === id),
        (list) => list.some((p) => p.state === "completed"),
        10_000,
      );
      const versions = pushes.filter((p) => p.workflowId === id).map((p) => p.version);
      // Pushes from the worker process arrive, each newer than the one before.
      expect(versions.length).toBeGreaterThanOrEqual(3);
      expect([...versions].sort((a, b) => a - b)).toEqual(versions);
      // Within 250 ms of the change (commit, NOTIFY, delivery), for all but a rare straggler.
      const sorted = [...delays].sort((a, b) => a - b);
      expect(sorted[Math.ceil(0.9 * sorted.length) - 1]).toBeLessThan(250);
    } finally {
      client.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await transport.close();
    }
  }, 60_000);
});
