/**
 * The handoff of a transaction's enqueued tasks to this process's idle worker (./local-handoff.ts),
 * with a real worker in this process on the test database: a started run's first attempt is
 * claimed in the start's own transaction and runs once it commits; a busy worker is left to take
 * jobs from the queue; a start that fails after claiming claims nothing and frees the slots.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/server/runtime/slot";
import { projectInput } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createProject } from "../services/projects/create-project";
import { createWorkflow } from "../services/workflows/create-workflow";
import { startWorkflow } from "../services/workflows/start-workflow";
import { recompose } from "../testing/recompose";
import { WorkflowChanges } from "./changes";
import { type Engine, startEngine } from "./engine";
import type { TaskDefinition } from "./registry";
import { transitionsOf, waitForState } from "./testing/wait";
import { runningWorker } from "./worker";

/** Attempts of `handoff_hold` wait here until the test lets them finish. */
const holding: (() => void)[] = [];
const release = () => {
  for (const finish of holding.splice(0)) finish();
};

const tasks: TaskDefinition[] = [
  {
    name: "handoff_hold",
    phase: "execution",
    dependsOn: [],
    output: z.undefined(),
    retry: { maxAttempts: 1 },
    handler: () => new Promise<undefined>((resolve) => holding.push(() => resolve(undefined))),
  },
];

const WORKER_ID = "handoff-test-worker";
let engine: Engine | undefined;

beforeAll(async () => {
  await recompose({ tasks });
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 2, workerId: WORKER_ID });
});
// A failed test leaves no attempt held for the next.
afterEach(release);
afterAll(async () => {
  release();
  await engine?.stop(5);
});

async function createdRun() {
  const project = await createProject(projectInput(), null);
  return createWorkflow({ projectId: project.id, tasks: ["handoff_hold"] }, null);
}

async function taskOf(workflowId: string) {
  const [task] = await getDb().execute<{
    state: string;
    attempt: number;
    worker_id: string | null;
    job_state: string | null;
  }>(sql`
    select t.state, t.attempt, t.worker_id, j.state as job_state
    from workflow_tasks t left join pgboss.job j on j.id = t.job_id::uuid
    where t.workflow_id = ${workflowId}`);
  return task;
}

/** Waits until the worker is idle again: nothing held, so it takes a handoff. */
async function untilIdle() {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const reservation = runningWorker()?.reserve();
    if (reservation) {
      reservation.release();
      return;
    }
    if (Date.now() > deadline) throw new Error("the worker did not become idle");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The run's one task was handed over (running on this worker as its start returned): let it finish. */
async function ranHandedOver(workflowId: string) {
  expect(await taskOf(workflowId)).toMatchObject({ state: "running", attempt: 1, worker_id: WORKER_ID });
  // The handler runs: the attempt is the worker's, and settles through its steps.
  await expect.poll(() => holding.length).toBe(1);
  release();
  await waitForState(workflowId, "completed");
}

describe("handing a transaction's tasks to this process's idle worker", () => {
  it("claims a started run's first task in the start's transaction: running once the start returns", async () => {
    await untilIdle();
    const run = await createdRun();
    await startWorkflow({ id: run.id }, null);
    // No step of the worker's came between: the start's own commit made the attempt running.
    expect(await taskOf(run.id)).toEqual({ state: "running", attempt: 1, worker_id: WORKER_ID, job_state: "active" });
    const log = (await transitionsOf(run.id)).filter((t) => t.taskName === "handoff_hold").map((t) => t.toState);
    expect(log).toEqual(["queued", "running"]);
    await ranHandedOver(run.id);
    expect(await taskOf(run.id)).toMatchObject({ state: "succeeded", attempt: 1, job_state: "completed" });
  });

  it("does so for a run created and started at once, too", async () => {
    await untilIdle();
    const project = await createProject(projectInput(), null);
    const run = await createWorkflow({ projectId: project.id, tasks: ["handoff_hold"], start: true }, null);
    // Its one task running: the run is in its execution phase as the create returns.
    expect(run.state).toBe("execution");
    await ranHandedOver(run.id);
  });

  it("leaves a busy worker to take the jobs from the queue in its own steps", async () => {
    await untilIdle();
    const first = await createdRun();
    await startWorkflow({ id: first.id }, null);
    await expect.poll(() => holding.length).toBe(1);
    // The worker holds an attempt (it has a free slot still): the next start only enqueues.
    const second = await createdRun();
    await startWorkflow({ id: second.id }, null);
    expect(await taskOf(second.id)).toMatchObject({ state: "queued", attempt: 0, job_state: "created" });
    // The worker's own step claims it, from the queue.
    await expect.poll(() => holding.length).toBe(2);
    expect(await taskOf(second.id)).toMatchObject({ state: "running", attempt: 1, worker_id: WORKER_ID });
    release();
    await waitForState(first.id, "completed");
    await waitForState(second.id, "completed");
  });

  it("claims nothing when the start fails after claiming, and frees the worker's slots", async () => {
    await untilIdle();
    const run = await createdRun();
    const flush = WorkflowChanges.prototype.flush;
    let flushes = 0;
    // The start's second flush is the claim's: it fails, and the start's transaction with it.
    WorkflowChanges.prototype.flush = async function (this: WorkflowChanges, options) {
      flushes += 1;
      if (flushes === 2) throw new Error("the claim's writes failed");
      return flush.call(this, options);
    };
    try {
      await expect(startWorkflow({ id: run.id }, null)).rejects.toThrow("the claim's writes failed");
    } finally {
      WorkflowChanges.prototype.flush = flush;
    }
    expect(flushes).toBe(2);
    // Rolled back whole: the run was never started, its task never queued nor claimed.
    const [row] = await getDb().execute<{ state: string }>(sql`select state from workflows where id = ${run.id}`);
    expect(row?.state).toBe("initialized");
    expect(await taskOf(run.id)).toMatchObject({ state: "pending", attempt: 0, worker_id: null, job_state: null });
    // The slots are free again: the next start is handed over and runs.
    await startWorkflow({ id: run.id }, null);
    await ranHandedOver(run.id);
  });

  it("hands over one transaction at a time, and nothing once the worker stops", async () => {
    await untilIdle();
    const worker = runningWorker();
    const first = worker?.reserve();
    expect(first?.slots).toBe(2);
    expect(worker?.reserve()).toBeNull();
    first?.release();
    const again = worker?.reserve();
    expect(again).not.toBeNull();
    again?.release();
    await engine?.stop(5);
    engine = undefined;
    expect(runningWorker()).toBeUndefined();
    expect(worker?.reserve()).toBeNull();
  });
});
