/**
 * Benchmark of the live path (prints one JSON object; not a test). A fresh embedded PostgreSQL,
 * the server's rig side in its own process (Socket.IO /rig and /live, the engine), and real
 * Socket.IO clients in this process:
 * - throughput: BENCH_RIGS rigs (default 4), then 8 at once (`eight_rigs`), each stream
 *   BENCH_EVENTS_PER_RIG events (default 50,000) through the rig protocol as fast as
 *   acknowledgements allow (batches of 500, two in flight); events/s until the last one is
 *   acknowledged, then the database is checked: every event stored once (lost, duplicated);
 * - latency: one rig emits 1,000 events/s for BENCH_LATENCY_SECONDS (default 10) the way the
 *   agent does (whatever is pending goes in the next batch when the previous is acknowledged),
 *   and a signed-in browser client on /live receives the pushes; latency = receipt − emission,
 *   both on this process's clock.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { testSessions } from "@/db/schema";
import { liveRooms } from "@/lib/live-events";
import { type EventBatchAck, PROTOCOL_VERSION, type RigDetectionEvent } from "@/lib/rig-protocol";
import { getAuth } from "@/server/auth/auth";
import { closeRuntime, composeRuntime } from "@/server/runtime/compose";
import { getDb } from "@/server/runtime/slot";
import { createProject } from "@/server/services/projects/create-project";
import { createRig } from "@/server/services/rigs/create-rig";
import { createUser } from "@/server/services/users/create-user";
import { createWorkflow } from "@/server/services/workflows/create-workflow";
import { makeVideo } from "@/server/testing/factories";
import { freePort, startReady } from "@/server/testing/processes";

const RIGS = Number(process.env.BENCH_RIGS ?? 4);
const EVENTS_PER_RIG = Number(process.env.BENCH_EVENTS_PER_RIG ?? 50_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const RATE = 1000;
const BATCH = 500;
const quiet = { info: () => {}, warn: () => {} };

function startServer(url: string, port: number): Promise<ChildProcess> {
  return startReady(
    "server/realtime/testing/rig-server-main.ts",
    { DATABASE_URL: url, PORT: String(port), LOG_LEVEL: "error" },
    "server",
  );
}

const nowMs = () => performance.timeOrigin + performance.now();

function event(seq: number): RigDetectionEvent {
  const ns = String(1_000_000_000_000 + seq * 1000);
  return {
    seq,
    line: "17",
    edge: seq % 2 === 0 ? "rising" : "falling",
    videoTimeUs: seq * 1000,
    rigMonotonicNs: ns,
    readMonotonicNs: ns,
  };
}

async function rigSocket(server: string, token: string): Promise<Socket> {
  const socket = connect(`${server}/rig`, {
    auth: { token, protocol: PROTOCOL_VERSION },
    transports: ["websocket"],
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

async function send(socket: Socket, sessionId: string, events: RigDetectionEvent[]): Promise<void> {
  const ack = (await socket.timeout(30_000).emitWithAck("events", { sessionId, events })) as EventBatchAck;
  if (!ack.ok) throw new Error(`batch refused: ${ack.error}`);
}

async function setup(rigs: number) {
  const project = await createProject(
    { name: `Bench ${Date.now()}`, cameraView: "front", signalType: "gpio", cameraModel: "bench" },
    null,
  );
  const workflow = await createWorkflow({ projectId: project.id, start: false }, null);
  // An hour of video: a session may then report 181,000 events (lib/validation/limits.ts).
  const video = await makeVideo({ cameraView: "front", events: 0, durationMs: 3_600_000 });
  const out: { token: string; sessionId: string }[] = [];
  for (let i = 0; i < rigs; i++) {
    const { rig, token } = await createRig({ name: `bench rig ${i} ${Date.now()}` });
    const [session] = await getDb()
      .insert(testSessions)
      .values({ workflowId: workflow.id, videoId: video.id, rigId: rig.id, status: "running" })
      .returning();
    out.push({ token, sessionId: (session as { id: string }).id });
  }
  return { workflowId: workflow.id, rigs: out };
}

async function throughput(server: string, rigCount: number) {
  const { rigs } = await setup(rigCount);
  const sockets = await Promise.all(rigs.map((r) => rigSocket(server, r.token)));
  const started = performance.now();
  await Promise.all(
    rigs.map(async (r, k) => {
      const socket = sockets[k] as Socket;
      let next = 0;
      const lane = async () => {
        while (next < EVENTS_PER_RIG) {
          const from = next;
          next = Math.min(next + BATCH, EVENTS_PER_RIG);
          await send(
            socket,
            r.sessionId,
            Array.from({ length: next - from }, (_, i) => event(from + i)),
          );
        }
      };
      await Promise.all([lane(), lane()]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const s of sockets) s.close();
  const ids = rigs.map((r) => r.sessionId);
  const [row] = await getDb().execute<{ n: string; distinct_n: string }>(sql`
    select count(*) as n, count(distinct (session_id, seq)) as distinct_n
    from detection_events where session_id in ${ids}`);
  const stored = Number(row?.n);
  const sent = rigCount * EVENTS_PER_RIG;
  return {
    events_per_s: Math.round(sent / seconds),
    lost: sent - Number(row?.distinct_n),
    duplicated: stored - Number(row?.distinct_n),
  };
}

async function browserCookie(): Promise<string> {
  const email = `bench-${Date.now()}@bench.sightline`;
  const password = "bench-password-1234";
  await createUser({ email, password, role: "viewer", name: "" });
  const response = (await getAuth().api.signInEmail({ body: { email, password }, asResponse: true })) as Response;
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function latency(server: string) {
  const { workflowId, rigs } = await setup(1);
  const { token, sessionId } = rigs[0] as { token: string; sessionId: string };
  // forceNew: a browser has its own connection (not the rig sockets' manager and headers).
  const browser = connect(`${server}/live`, {
    forceNew: true,
    transports: ["websocket"],
    extraHeaders: { cookie: await browserCookie() },
  });
  await new Promise<void>((resolve, reject) => {
    browser.once("connect", () => resolve());
    browser.once("connect_error", reject);
  });
  browser.emit("subscribe", liveRooms.workflow(workflowId));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const emittedAt = new Map<number, number>();
  const samples: number[] = [];
  browser.on("session:detections", (push: { sessionId: string; events: { seq: number }[] }) => {
    const at = nowMs();
    if (push.sessionId !== sessionId) return;
    for (const e of push.events) {
      const sent = emittedAt.get(e.seq);
      if (sent !== undefined) samples.push(at - sent);
    }
  });
  const socket = await rigSocket(server, token);
  // The agent's way: events queue as they happen; each acknowledged batch sends what is pending.
  const pending: RigDetectionEvent[] = [];
  let sending = false;
  const flush = async () => {
    if (sending) return;
    sending = true;
    while (pending.length) await send(socket, sessionId, pending.splice(0, 1000));
    sending = false;
  };
  const total = RATE * LATENCY_SECONDS;
  const start = nowMs();
  let seq = 0;
  while (seq < total) {
    const due = Math.floor(((nowMs() - start) / 1000) * RATE);
    while (seq < Math.min(due, total)) {
      emittedAt.set(seq, nowMs());
      pending.push(event(seq++));
    }
    void flush();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  while (sending || pending.length) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 500));
  socket.close();
  browser.close();
  samples.sort((a, b) => a - b);
  const rank = (p: number) => samples[Math.max(0, Math.ceil((p / 100) * samples.length) - 1)] ?? null;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return { rate: RATE, p50: round(rank(50)), p99: round(rank(99)), received: samples.length, emitted: total };
}

async function main() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bench-live-"));
  const pg = await startEmbeddedPostgres({ dataDir, log: quiet });
  let server: ChildProcess | undefined;
  try {
    await applyMigrations(pg.url);
    composeRuntime({ databaseUrl: pg.url, maxConnections: 10 });
    const port = await freePort();
    server = await startServer(pg.url, port);
    const url = `http://127.0.0.1:${port}`;
    const load = await throughput(url, RIGS);
    const eight = await throughput(url, 8);
    const live = await latency(url);
    if (live.received !== live.emitted) {
      process.stderr.write(`bench:live: the browser received ${live.received} of ${live.emitted} events\n`);
    }
    process.stdout.write(
      `${JSON.stringify({
        events_per_s: load.events_per_s,
        lost: load.lost,
        duplicated: load.duplicated,
        rigs: RIGS,
        eight_rigs: eight,
        latency_ms: { rate: live.rate, p50: live.p50, p99: live.p99 },
      })}\n`,
    );
  } catch (error) {
    process.stderr.write(`bench:live failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    server?.kill("SIGTERM");
    await closeRuntime();
    await pg.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  process.exit(process.exitCode ?? 0);
}

void main();
