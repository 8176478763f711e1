/**
 * One worker step at a time (runner.ts `engineStep`), with no worker running: a step locks the
 * workflows of the jobs it fetched, and only those, in the fetch's round trip (by id where that
 * missed), and a job whose workflow another transaction
 * holds is kept for the next step, not claimed and not dropped; the attempts' own effects are saved
 * in one savepoint, and one that cannot be saved fails only its own attempt.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import type { Transaction } from "@/db/client";
import { getDb } from "@/server/runtime/slot";
import { engineWithoutWorker } from "@/server/testing/engine-without-worker";
import { projectInput } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createProject } from "../services/projects/create-project";
import { createWorkflow } from "../services/workflows/create-workflow";
import { WorkflowChanges } from "./changes";
import { type Claim, engineStep, type Settlement } from "./runner";

engineWithoutWorker();

/** A started run of one task: its job is queued. */
async function queuedRun() {
  const project = await createProject(projectInput(), null);
  return createWorkflow({ projectId: project.id, tasks: ["validate_project"], start: true }, null);
}

async function taskOf(workflowId: string) {
  const [task] = await getDb().execute<{ state: string; attempt: number; job_id: string }>(
    sql`select state, attempt, job_id from workflow_tasks where workflow_id = ${workflowId}`,
  );
  return task;
}

/** What a step's transaction locked: the workflows another session cannot lock without waiting. */
async function lockedWorkflows(other: postgres.Sql, ids: string[]): Promise<string[]> {
  return other.begin(async (tx) => {
    const free = await tx<
      { id: string }[]
    >`select id from workflows where id = any(${ids}::uuid[]) for update skip locked`;
    return ids.filter((id) => !free.some((row) => row.id === id));
  });
}

describe("a worker step", () => {
  it("claims what it fetched, having locked the jobs' workflows (and only theirs) in the same step", async () => {
    const first = await queuedRun();
    const second = await queuedRun();
    // The first run's job is fetched and claimed: an active job, as a running attempt's is.
    const before = await engineStep([], 1);
    expect(before.claims.map((claim) => claim.workflow.id)).toEqual([first.id]);
    const other = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
    const flush = WorkflowChanges.prototype.flush;
    try {
      // The step's flush runs while its locks are held: look at them from another session then.
      let locked: string[] = [];
      WorkflowChanges.prototype.flush = async function (this: WorkflowChanges, options) {
        locked = await lockedWorkflows(other, [first.id, second.id]);
        return flush.call(this, options);
      };
      const step = await engineStep([], 1);
      expect(step.fetched).toBe(1);
      expect(step.deferred).toEqual([]);
      expect(step.claims.map((claim) => claim.workflow.id)).toEqual([second.id]);
      // The run whose job it fetched, not the one whose job another step fetched before.
      expect(locked).toEqual([second.id]);
      expect(await taskOf(second.id)).toMatchObject({ state: "running", attempt: 1 });
    } finally {
      WorkflowChanges.prototype.flush = flush;
      await other.end();
    }
  });

  it("locks the fetched jobs' runs in the fetch's round trip, and claims them all the same should that miss", async () => {
    const add = WorkflowChanges.prototype.add;
    const addFetched = WorkflowChanges.prototype.addFetched;
    // The runs each step reads by id, apart from the statements sent behind its fetch.
    const readById: string[] = [];
    WorkflowChanges.prototype.add = function (this: WorkflowChanges, tx, ids, options) {
      readById.push(...ids);
      return add.call(this, tx, ids, options);
    };
    try {
      const runs = [(await queuedRun()).id, (await queuedRun()).id, (await queuedRun()).id];
      readById.length = 0;
      const step = await engineStep([], 10);
      expect(step.claims.map((claim) => claim.workflow.id)).toEqual(expect.arrayContaining(runs));
      expect(readById).toEqual([]);

      // Where those statements read nothing, the step reads the runs by id and claims them.
      WorkflowChanges.prototype.addFetched = async () => [];
      const more = [(await queuedRun()).id, (await queuedRun()).id];
      readById.length = 0;
      const fallback = await engineStep([], 10);
      expect(fallback.claims.map((claim) => claim.workflow.id).sort()).toEqual([...more].sort());
      expect([...readById].sort()).toEqual([...more].sort());
      for (const id of more) expect(await taskOf(id)).toMatchObject({ state: "running", attempt: 1 });
    } finally {
      WorkflowChanges.prototype.add = add;
      WorkflowChanges.prototype.addFetched = addFetched;
    }
  });

  it("keeps a job whose run another transaction holds for the next step, which claims it", async () => {
    const run = await queuedRun();
    const other = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      let holding: () => void = () => {};
      const locked = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const holder = other.begin(async (tx) => {
        await tx`select id from workflows where id = ${run.id} for update`;
        holding();
        await held;
      });
      await locked;
      // Every queued job (an earlier test's run's too): only this run's is held back.
      const busy = await engineStep([], 10);
      expect(busy.claims.map((claim) => claim.workflow.id)).not.toContain(run.id);
      expect(busy.deferred.map((job) => job.data.workflowId)).toEqual([run.id]);
      // Fetched (active) but not claimed, and not completed as stale either.
      expect(await taskOf(run.id)).toMatchObject({ state: "queued", attempt: 0 });
      const [job] = await getDb().execute<{ state: string }>(
        sql`select state from pgboss.job where id = ${busy.deferred[0]?.id ?? ""}::uuid`,
      );
      expect(job?.state).toBe("active");

      release();
      await holder;
      const next = await engineStep([], 0, busy.deferred);
      expect(next.claims.map((claim) => claim.workflow.id)).toEqual([run.id]);
      expect(await taskOf(run.id)).toMatchObject({ state: "running", attempt: 1 });
    } finally {
      release();
      await other.end();
    }
  });
});

describe("a worker step's effects", () => {
  beforeAll(async () => {
    await getDb().execute(sql`create table if not exists step_effects (id text primary key)`);
  });

  /** Claims the attempts of `count` new runs (and of any earlier test's queued jobs, left aside). */
  async function claimed(count: number): Promise<Claim[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await queuedRun()).id);
    const step = await engineStep([], 50);
    return ids.map((id) => {
      const claim = step.claims.find((c) => c.workflow.id === id);
      if (!claim) throw new Error(`run ${id} was not claimed`);
      return claim;
    });
  }

  /** An attempt that succeeded with an effect: a row of its own in step_effects. */
  function saving(claim: Claim, key: string): Settlement {
    const commit = async (tx: Transaction) => {
      await tx.execute(sql`insert into step_effects (id) values (${key})`);
    };
    return { claim, outcome: { kind: "succeeded", result: { commit } } };
  }

  async function savedOf(keys: string[]) {
    return getDb().execute<{ id: string; version: string }>(
      sql`select id, xmin::text as version from step_effects where id = any(${sql.param(keys)}::text[]) order by id`,
    );
  }

  it("saves the effects of the attempts it settles in one savepoint, not one each", async () => {
    const claims = await claimed(5);
    const keys = claims.map((_, i) => `together-${i}`);
    await engineStep(
      claims.map((claim, i) => saving(claim, keys[i] ?? "")),
      0,
    );
    const saved = await savedOf(keys);
    expect(saved.map((row) => row.id)).toEqual(keys);
    // A savepoint is a subtransaction with an id of its own, which the rows it wrote carry.
    expect(new Set(saved.map((row) => row.version)).size).toBe(1);
    for (const claim of claims) expect(await taskOf(claim.workflow.id)).toMatchObject({ state: "succeeded" });
  });

  it("fails only the attempt whose effect cannot be saved, and saves the others' effects", async () => {
    await getDb().execute(sql`insert into step_effects (id) values ('taken')`);
    const claims = await claimed(3);
    const keys = ["apart-0", "taken", "apart-2"];
    await engineStep(
      claims.map((claim, i) => saving(claim, keys[i] ?? "")),
      0,
    );
    expect((await savedOf(["apart-0", "apart-2"])).map((row) => row.id)).toEqual(["apart-0", "apart-2"]);
    const [first, failing, last] = claims;
    expect(await taskOf(first?.workflow.id ?? "")).toMatchObject({ state: "succeeded" });
    expect(await taskOf(last?.workflow.id ?? "")).toMatchObject({ state: "succeeded" });
    const [failed] = await getDb().execute<{ state: string; error: string }>(
      sql`select state, error from workflow_tasks where workflow_id = ${failing?.workflow.id ?? ""}`,
    );
    expect(failed?.state).toMatch(/^(retrying|failed)$/);
    expect(failed?.error).toMatch(/its result could not be saved: .*23505/);
  });
});
