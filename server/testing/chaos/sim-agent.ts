/**
 * A real `sightline-agent` process with the simulated camera, for tests and benchmarks: its own
 * spool and event log (every event it emitted, JSON lines), restartable on the same spool, and
 * stopped by its pid.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { SimCameraOptions } from "@/agent/sources/sim";

const root = path.resolve(import.meta.dirname, "../../..");

export type SimAgentOptions = {
  server: string;
  token: string;
  /** Folder for its spool and event log. */
  dir: string;
  label: string;
  /** The simulated camera's seed, flags after it (miss rate, false alarms…). */
  seed: number;
  camera?: string[];
  speed?: number;
  /** Listen for detection datagrams on this UDP port instead of simulating the camera. */
  udpPort?: number;
};

export type EmittedEvent = {
  sessionId: string;
  seq: number;
  line: string;
  edge: "rising" | "falling";
  videoTimeUs: number;
  rigMonotonicNs: string;
  readMonotonicNs: string;
  class?: string | null;
  confidence?: number | null;
};

export class SimAgent {
  private child: ChildProcess | null = null;
  private log = "";
  /** Processes started over this agent's life (restarts included). */
  starts = 0;

  constructor(readonly options: SimAgentOptions) {}

  get eventLog(): string {
    return path.join(this.options.dir, `${this.options.label}-events.jsonl`);
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): void {
    const { options } = this;
    this.starts++;
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "agent/main.ts",
        "--server",
        options.server,
        ...(options.udpPort === undefined
          ? ["--source", "sim", "--sim-seed", String(options.seed), ...(options.camera ?? [])]
          : ["--source", "udp", "--udp-port", String(options.udpPort), "--player", "sim"]),
        "--speed",
        String(options.speed ?? 1),
        "--spool",
        path.join(options.dir, `${options.label}-spool`),
        "--event-log",
        this.eventLog,
      ],
      { cwd: root, env: { ...process.env, SIGHTLINE_RIG_TOKEN: options.token }, stdio: ["ignore", "ignore", "pipe"] },
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      this.log += chunk.toString();
      if (this.log.length > 200_000) this.log = this.log.slice(-100_000);
    });
    this.child = child;
  }

  running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running()) this.child?.kill(signal);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** SIGTERM (the agent closes its session), SIGKILL after `graceMs`. */
  async stop(graceMs = 12_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  output(): string {
    return this.log;
  }

  /** Every event this agent emitted (over all its processes), from its event log. */
  emitted(): EmittedEvent[] {
    let text = "";
    try {
      text = readFileSync(this.eventLog, "utf8");
    } catch {
      return [];
    }
    const events: EmittedEvent[] = [];
    for (const line of text.split("\n")) {
      if (!line) continue;
      try {
        events.push(JSON.parse(line) as EmittedEvent);
      } catch {
        // A line cut by a kill -9 mid-write: its event went to the spool first and is delivered.
      }
    }
    return events;
  }
}

/** The flags of `sightline-agent --source sim` for a camera, so the plan here and the agents' agree. */
export function cameraFlags(camera: Partial<SimCameraOptions>): string[] {
  const flags: string[] = [];
  if (camera.missRate !== undefined) flags.push("--sim-miss-rate", String(camera.missRate));
  if (camera.falsePositivesPerMinute !== undefined)
    flags.push("--sim-fp-per-minute", String(camera.falsePositivesPerMinute));
  if (camera.retriggerRate !== undefined) flags.push("--sim-retrigger-rate", String(camera.retriggerRate));
  if (camera.latencyMinMs !== undefined && camera.latencyMaxMs !== undefined) {
    flags.push("--sim-latency-ms", `${camera.latencyMinMs}-${camera.latencyMaxMs}`);
  }
  return flags;
}
