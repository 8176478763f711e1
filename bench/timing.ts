/**
 * Benchmark of the timing chain (DESIGN §12; prints one JSON object, not a test). A fresh
 * embedded PostgreSQL, the server's rig side in its own process, and real agent processes:
 * - udp: an agent listening for detection datagrams plays a session while this process sends
 *   BENCH_UDP_RATE datagrams a second (default 1,000) for BENCH_UDP_SECONDS (default 3) to it on
 *   loopback, each carrying its CLOCK_MONOTONIC send time; error = the agent's receipt timestamp
 *   (from its event log) − the send time, both on this host's CLOCK_MONOTONIC; each datagram also
 *   goes to a bare receiving thread in a process of its own (`baseline_error_us`): the floor this
 *   machine, under the same load at the same moments, allows;
 * - calibration: an agent whose simulated screen shows frames 35 ± 2 ms late is calibrated with
 *   120 flashes; the measured display latency and its 95 % interval against the true 35 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { rigCalibrations, testSessions } from "@/db/schema";
import { closeRuntime, composeRuntime } from "@/server/runtime/compose";
import { getDb } from "@/server/runtime/slot";
import { requestCalibration } from "@/server/services/calibrations/request-calibration";
import { createProject } from "@/server/services/projects/create-project";
import { createRig } from "@/server/services/rigs/create-rig";
import { createWorkflow } from "@/server/services/workflows/create-workflow";
import { SimAgent } from "@/server/testing/chaos/sim-agent";
import { makeVideo } from "@/server/testing/factories";
import { freePort, startReady } from "@/server/testing/processes";
import { type Engine, startEngine } from "@/server/workflow/engine";

const UDP_RATE = Number(process.env.BENCH_UDP_RATE ?? 1000);
const UDP_SECONDS = Number(process.env.BENCH_UDP_SECONDS ?? 3);
const TRUE_DISPLAY_MS = 35;
const quiet = { info: () => {}, warn: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The floor under the same load: a bare process whose one thread (priority raised like the
 * agent's receiving thread) reads the same datagrams and stamps them, nothing else. It prints
 * its errors (µs) when told to stop.
 */
const BASELINE = `
const { spawnSync } = require("node:child_process");
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  require("node:os").setPriority(tid, -10);
} catch {}
const errors = [];
const socket = require("node:dgram").createSocket("udp4");
socket.on("message", (m) => {
  const ns = process.hrtime.bigint();
  errors.push(Number(ns - BigInt(JSON.parse(m.toString()).class.slice(1))) / 1000);
});
socket.bind(Number(process.argv[1]), () => process.stdout.write("ready\\n"));
process.stdin.on("data", () => { process.stdout.write(JSON.stringify(errors) + "\\n"); process.exit(0); });
`;

function startBaseline(port: number): Promise<{ stop(): Promise<number[]> }> {
  const child = spawn(process.execPath, ["-e", BASELINE, String(port)], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    const ready = setInterval(() => {
      if (!out.startsWith("ready")) return;
      clearInterval(ready);
      out = "";
      resolve({
        stop: () =>
          new Promise((done) => {
            child.once("exit", () => done(JSON.parse(out.trim() || "[]") as number[]));
            child.stdin.write("stop\n");
          }),
      });
    }, 20);
  });
}

const rank = (sorted: readonly number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;

async function udp(server: string, dir: string) {
  const port = await freePort();
  const project = await createProject(
    { name: `Timing ${Date.now()}`, cameraView: "front", signalType: "network", cameraModel: "bench" },
    null,
  );
  // Long enough that the session is still playing when the datagrams end, and that its bound on
  // events (1,000 + 50 a second of video) holds them all.
  await makeVideo({ cameraView: "front", events: 2, durationMs: 120_000 });
  const { token } = await createRig({ name: `timing udp ${Date.now()}` });
  const agent = new SimAgent({ server, token, dir, label: "udp", seed: 1, udpPort: port });
  agent.start();
  try {
    const { id } = await createWorkflow({ projectId: project.id, start: true }, null);
    const session = await until("the session to play", async () => {
      const [s] = await getDb().select().from(testSessions).where(eq(testSessions.workflowId, id));
      return s?.status === "running" ? s : null;
    });
    // Connected: a send needs no address lookup between the timestamp and the datagram leaving.
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.connect(port, "127.0.0.1", resolve));
    const baselinePort = await freePort();
    const baseline = await startBaseline(baselinePort);
    const toBaseline = createSocket("udp4");
    await new Promise<void>((resolve) => toBaseline.connect(baselinePort, "127.0.0.1", resolve));
    const total = UDP_RATE * UDP_SECONDS;
    // The sender, like the agent's receiving thread, runs ahead of the rest where allowed.
    try {
      os.setPriority(-10);
    } catch {}
    const started = process.hrtime.bigint();
    // Paced by timers, not by spinning: a spinning sender would take a core from the agent.
    let i = 0;
    while (i < total) {
      const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - started) * UDP_RATE) / 1e9) + 1);
      for (; i < due; i++) {
        const sentNs = process.hrtime.bigint();
        socket.send(JSON.stringify({ edge: "rising", class: `t${sentNs}` }));
        const again = process.hrtime.bigint();
        toBaseline.send(JSON.stringify({ class: `t${again}` }));
      }
      await sleep(1);
    }
    await sleep(500);
    socket.close();
    toBaseline.close();
    const floorUs = (await baseline.stop()).sort((a, b) => a - b);
    const errorsUs = agent
      .emitted()
      .filter((e) => e.sessionId === session.id && typeof e.class === "string" && e.class.startsWith("t"))
      .map((e) => Number(BigInt(e.rigMonotonicNs) - BigInt((e.class as string).slice(1))) / 1000)
      .sort((a, b) => a - b);
    if (errorsUs.length < total)
      process.stderr.write(`bench:timing: the agent read ${errorsUs.length} of ${total} datagrams\n`);
    const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    const figures = (sorted: number[]) => ({
      p50: round(rank(sorted, 50)),
      p99: round(rank(sorted, 99)),
      max: round(sorted.at(-1) ?? null),
    });
    return { events: errorsUs.length, error_us: figures(errorsUs), baseline_error_us: figures(floorUs) };
  } finally {
    await agent.kill();
  }
}

async function calibration(server: string, dir: string) {
  const { rig, token } = await createRig({ name: `timing display ${Date.now()}` });
  const agent = new SimAgent({
    server,
    token,
    dir,
    label: "display",
    seed: 1,
    camera: ["--sim-display-latency-ms", `${TRUE_DISPLAY_MS}±2`],
    speed: 10,
  });
  agent.start();
  try {
    const c = await requestCalibration({ rigId: rig.id, signal: "sync", flashes: 120, fps: 30 }, null);
    const done = await until(
      "the calibration",
      async () => {
        const [row] = await getDb().select().from(rigCalibrations).where(eq(rigCalibrations.id, c.id));
        return row && (row.status === "completed" || row.status === "failed") ? row : null;
      },
      120_000,
    );
    if (!done.result) throw new Error(`the calibration failed: ${done.error}`);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return { true_ms: TRUE_DISPLAY_MS, measured_ms: r3(done.result.meanMs), ci_ms: done.result.ciMs.map(r3) };
  } finally {
    await agent.kill();
  }
}

async function main() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bench-timing-"));
  const pg = await startEmbeddedPostgres({ dataDir, log: quiet });
  let server: ChildProcess | undefined;
  let engine: Engine | undefined;
  try {
    await applyMigrations(pg.url);
    composeRuntime({ databaseUrl: pg.url, maxConnections: 10 });
    // Only to start the run: the server process's engine does its work.
    engine = await startEngine({ databaseUrl: pg.url, work: false, concurrency: 1 });
    const port = await freePort();
    server = await startReady(
      "server/realtime/testing/rig-server-main.ts",
      { DATABASE_URL: pg.url, PORT: String(port), LOG_LEVEL: "error" },
      "server",
    );
    const url = `http://127.0.0.1:${port}`;
    const u = await udp(url, dataDir);
    const c = await calibration(url, dataDir);
    process.stdout.write(`${JSON.stringify({ udp: u, calibration: c })}\n`);
  } catch (error) {
    process.stderr.write(`bench:timing failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    server?.kill("SIGTERM");
    await engine?.stop(0);
    await closeRuntime();
    await pg.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  process.exit(process.exitCode ?? 0);
}

void main();
