/**
 * Sightline's production server as a child process on its own port and data dir, for tests and
 * benchmarks of the process itself: started (ready once its health endpoint answers), signalled,
 * killed, restarted. Stopped by its pid, never by name.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

/**
 * Node's arguments for the production server exactly as `npm start` gives them (package.json's
 * `start` script: its Node flags, then the server compiled at build time), so that tests and
 * benchmarks run the process users run.
 */
export function productionServerArgs(): string[] {
  const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;
  const words = (scripts.start ?? "").trim().split(/\s+/);
  const node = words.indexOf("node");
  if (node < 0 || !words.at(-1)?.endsWith(".mjs")) {
    throw new Error(`package.json's start script is not \`… node [flags] <server>.mjs\`: ${scripts.start}`);
  }
  return words.slice(node + 1);
}

export type SightlineOptions = {
  port: number;
  dataDir: string;
  /** Extra environment (SIGHTLINE_SHUTDOWN_GRACE_SECONDS, DATABASE_URL, …). */
  env?: Record<string, string>;
  /** How long to wait for it to answer (default 90 s). */
  readyTimeoutMs?: number;
};

export class SightlineProcess {
  readonly child: ChildProcess;
  readonly baseURL: string;
  private log = "";
  readonly exited: Promise<number | null>;
  /** Date.now() when it was started, and when its health endpoint first answered. */
  readonly startedAt = Date.now();
  readyAt: number | null = null;

  constructor(readonly options: SightlineOptions) {
    this.child = spawn(process.execPath, productionServerArgs(), {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(options.port),
        SIGHTLINE_DATA_DIR: options.dataDir,
        SIGHTLINE_AUTH_SECRET: "chaos-secret-that-is-long-enough-for-signing",
        LOG_LEVEL: "info",
        DATABASE_URL: "",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      this.log += chunk.toString();
      // Enough to diagnose a failure, bounded however long the process runs.
      if (this.log.length > 400_000) this.log = this.log.slice(-200_000);
    };
    this.child.stdout?.on("data", keep);
    this.child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
    this.baseURL = `http://127.0.0.1:${options.port}`;
  }

  static async start(options: SightlineOptions): Promise<SightlineProcess> {
    const server = new SightlineProcess(options);
    await server.ready(options.readyTimeoutMs ?? 90_000);
    return server;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  output(): string {
    return this.log;
  }

  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the health endpoint answers 200 (the database too). */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running())
        throw new Error(`the server exited (${this.child.exitCode}) before it was ready:\n${this.tail()}`);
      if (await this.healthy()) {
        this.readyAt = Date.now();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${this.tail()}`);
  }

  async healthy(): Promise<boolean> {
    return fetch(`${this.baseURL}/api/v1/workflow/health`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running()) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 40_000): Promise<number | null> {
    if (!this.running()) return this.child.exitCode;
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  tail(chars = 6000): string {
    return this.log.slice(-chars);
  }
}

/** The pid of the embedded PostgreSQL's postmaster of a data dir, from its postmaster.pid. */
export function postmasterPidOf(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(
      readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0] ?? "",
      10,
    );
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
