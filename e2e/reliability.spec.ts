/**
 * Runs never hang and never pass on partial evidence — each fault reproduced with real
 * processes: the production server on its embedded PostgreSQL, two rigs with real agent
 * processes, runs started through the REST API (server/testing/chaos). Each test breaks one
 * thing in the middle of a run's playback and checks that the run ends, with the verdict of the
 * same run uninterrupted and everything the agents emitted stored once.
 */
import { expect, test } from "@playwright/test";
import { SHORT_GRACE_SECONDS } from "@/server/testing/chaos/faults";
import { RigWorld } from "@/server/testing/chaos/rig-world";
import { checkRun } from "@/server/testing/chaos/run-checks";
import { SightlineProcess } from "@/server/testing/chaos/sightline-process";

let world: RigWorld | null = null;
test.afterEach(async () => {
  await world?.close();
  world = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function playing(w: RigWorld, runId: string, atLeast = 1): Promise<void> {
  await w.waitFor(
    async () =>
      ((
        await w.query(
          (q) =>
            q<
              { n: number }[]
            >`select count(*)::int as n from test_sessions where workflow_id = ${runId} and status = 'running'`,
        )
      )[0]?.n ?? 0) >= atLeast,
    60_000,
    "sessions to play",
  );
}

/** The run ended as the same run uninterrupted would have, with nothing lost or doubled. */
async function expectSound(w: RigWorld, runId: string, withinMs = 120_000) {
  const end = await w.waitForEnd(runId, withinMs);
  expect(end, await w.diagnostics(runId)).not.toBeNull();
  const check = await checkRun(w, runId);
  expect(check, await w.diagnostics(runId)).toMatchObject({
    state: "completed",
    sameVerdict: true,
    sameFigures: true,
    lost: 0,
    duplicated: 0,
    doubledEffects: [],
    falseVerdict: false,
    videosCompleted: w.videos.length,
  });
  return check;
}

test("SIGTERM past the grace period hands the run back: it resumes and is judged on every video", async () => {
  test.setTimeout(240_000);
  world = await RigWorld.create({
    seed: 101,
    serverEnv: { SIGHTLINE_SHUTDOWN_GRACE_SECONDS: String(SHORT_GRACE_SECONDS) },
  });
  const runId = await world.startRun();
  await playing(world, runId, 2);
  await sleep(2000);
  world.server.kill("SIGTERM");
  expect(await world.server.exited).toBe(0);
  expect(world.server.output()).toMatch(/grace period over: handing the running attempts back/);
  await world.startServer();
  await expectSound(world, runId);
  // No session was cancelled or cut short: the agents played every one to its end.
  const ended = await world.query(
    (q) => q<{ status: string }[]>`select status from test_sessions where workflow_id = ${runId}`,
  );
  expect(ended.map((s) => s.status)).toEqual(world.videos.map(() => "completed"));
  for (const agent of world.agents) expect(agent.output()).not.toMatch(/stopped: |cancelled/);
});

test("an agent killed and restarted within seconds: its session is played again at once, the run ends", async () => {
  test.setTimeout(240_000);
  world = await RigWorld.create({ seed: 102 });
  const runId = await world.startRun();
  await playing(world, runId, 2);
  await sleep(1500);
  const [agent] = world.agents;
  if (!agent) throw new Error("no agent");
  await agent.kill();
  await sleep(3000);
  agent.start();
  const restartedAt = Date.now();
  // Well within the 15 s a silent rig is given: the restarted agent says it plays nothing.
  await world.waitFor(
    async () =>
      (
        await world?.query(
          (q) =>
            q<
              { n: number }[]
            >`select count(*)::int as n from test_sessions where workflow_id = ${runId} and status = 'interrupted'`,
        )
      )?.[0]?.n === 1,
    5000,
    "the killed agent's session to be interrupted",
  );
  expect(Date.now() - restartedAt).toBeLessThan(5000);
  await expectSound(world, runId);
});

test("a run cancelled right after a crash closes its sessions at once, and the rigs take the next run", async () => {
  test.setTimeout(240_000);
  world = await RigWorld.create({ seed: 103 });
  const runId = await world.startRun();
  await playing(world, runId, 2);
  world.server.kill("SIGKILL");
  await world.server.exited;
  await world.startServer();
  await world.cancelRun(runId);
  const open = () =>
    world?.query(
      (q) =>
        q<
          { n: number }[]
        >`select count(*)::int as n from test_sessions where workflow_id = ${runId} and status in ('pending', 'running')`,
    );
  expect((await open())?.[0]?.n).toBe(0);
  // The agents are told to stop, and the next run plays on the same rigs.
  const next = await world.startRun();
  await expectSound(world, next, 150_000);
  expect((await world.runState(runId)).state).toBe("cancelled");
});

test("a database error on session:finished is retried by the agent until the server can store it", async () => {
  test.setTimeout(240_000);
  world = await RigWorld.create({ seed: 104 });
  const sql = await world.db();
  // A real error from PostgreSQL on every session's completion, until the trigger is dropped.
  await sql.unsafe(`
    create function chaos_refuse_completion() returns trigger language plpgsql as $$
    begin raise exception 'simulated outage: completion refused'; end $$;
    create trigger chaos_refuse_completion before update on test_sessions
      for each row when (new.status = 'completed' and old.status <> 'completed')
      execute function chaos_refuse_completion();`);
  const runId = await world.startRun();
  await world.waitFor(
    async () => /simulated outage: completion refused/.test(world?.server.output() ?? ""),
    90_000,
    "an agent's session:finished to fail on the server",
  );
  // The agent was told to send it again, and does.
  await world.waitFor(
    async () => world?.agents.some((a) => /could not take session:finished/.test(a.output())) ?? false,
    15_000,
    "the agent to say it sends again",
  );
  await sleep(3000);
  await sql.unsafe("drop trigger chaos_refuse_completion on test_sessions; drop function chaos_refuse_completion();");
  await expectSound(world, runId);
});

test("a second server on the same data dir waits for the first to finish, then serves; beside a running one it refuses", async () => {
  test.setTimeout(240_000);
  world = await RigWorld.create({ seed: 105 });
  const runId = await world.startRun();
  await playing(world, runId, 2);
  const first = world.server;
  first.kill("SIGTERM");
  // The first is in its grace period (sessions still playing); the second starts on its port.
  const second = new SightlineProcess({ port: world.port, dataDir: world.dataDir });
  const firstExit = await first.exited;
  expect(firstExit).toBe(0);
  expect(first.output()).toContain("Sightline stopped");
  await second.ready(90_000);
  world.server = second;
  expect(second.output()).toMatch(/is shutting down .*; waiting up to \d+ s for it/);
  expect(second.output()).not.toMatch(/Using the embedded PostgreSQL already running/);
  await expectSound(world, runId);

  // Beside a server that runs, another one refuses at once, saying why, and touches nothing.
  const third = new SightlineProcess({ port: world.port + 1, dataDir: world.dataDir });
  expect(await third.exited).not.toBe(0);
  expect(third.output()).toMatch(/Another Sightline server \(pid \d+, since .*\) is using the data dir/);
  expect(await second.healthy()).toBe(true);
});

test("after kill -9 of the only server, its restart takes the run back within 2 s of being ready", async () => {
  test.setTimeout(240_000);
  world = await RigWorld.create({ seed: 106 });
  const runId = await world.startRun();
  await playing(world, runId, 2);
  const killedAt = new Date();
  world.server.kill("SIGKILL");
  await world.server.exited;
  const restarted = await world.startServer();
  await world.waitFor(
    async () =>
      (
        await world?.query(
          (q) =>
            q<{ n: number }[]>`select count(*)::int as n from workflow_events where workflow_id = ${runId}
                               and task_name = 'execute_tests' and to_state = 'running' and at > ${killedAt}`,
        )
      )?.[0]?.n === 1,
    10_000,
    "execute_tests to run again",
  );
  const [taken] = await world.query(
    (q) => q<{ at: Date }[]>`select min(at) as at from workflow_events where workflow_id = ${runId}
                             and task_name = 'execute_tests' and to_state = 'running' and at > ${killedAt}`,
  );
  expect(new Date(taken?.at as Date).getTime() - (restarted.readyAt as number)).toBeLessThanOrEqual(2000);
  expect(restarted.output()).toMatch(/took back the attempts of the previous server/);
  await expectSound(world, runId);
});

test("PostgreSQL restarted under a running server: no uncaught error, the run goes on", async () => {
  test.setTimeout(240_000);
  world = await RigWorld.create({ seed: 107 });
  const runId = await world.startRun();
  await playing(world, runId, 2);
  const { injectFault } = await import("@/server/testing/chaos/faults");
  await injectFault(world, "restart_postgres", Math.random, runId);
  await expectSound(world, runId);
  expect(world.server.output()).not.toMatch(/uncaught|unhandled/i);
  expect(world.server.running()).toBe(true);
  // And it still shuts down in order, promptly (a connection lost in the restart is not waited for).
  const stopping = Date.now();
  expect(await world.server.stop()).toBe(0);
  expect(Date.now() - stopping).toBeLessThan(15_000);
  expect(world.server.output()).toContain("Sightline stopped");
});
