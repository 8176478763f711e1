/**
 * The /rig namespace with a real Socket.IO server and client over a real socket: token
 * handshake, idempotent ingestion, and every bad input refused with a clear error and nothing
 * written.
 */
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectionEvents, rigs, testSessions } from "@/db/schema";
import {
  type AgentToServer,
  type EventBatchAck,
  PROTOCOL_VERSION,
  type RigDetectionEvent,
  type ServerToAgent,
} from "@/lib/rig-protocol";
import { getDb } from "@/server/runtime/slot";
import { makeVideo, projectInput } from "@/server/testing/factories";
import { createProject } from "../services/projects/create-project";
import { createRig } from "../services/rigs/create-rig";
import { createWorkflow } from "../services/workflows/create-workflow";
import { rigStateWritesSettled } from "./rig-state-writes";
import { createSocketServer } from "./socket-server";

let http: HttpServer;
let url: string;
let closeIo: () => Promise<void>;
let ioServer: ReturnType<typeof createSocketServer>;

beforeAll(async () => {
  http = createServer();
  const io = createSocketServer(http);
  ioServer = io;
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/rig`;
  closeIo = () => new Promise((resolve) => io.close(() => resolve()));
});
afterAll(async () => {
  await closeIo();
  // A disconnect marks its rig offline once the namespace has looked for the rig's other sockets;
  // those writes end before the file's database is dropped.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await rigStateWritesSettled();
});

type AgentSocket = Socket<ServerToAgent, AgentToServer>;
const open: AgentSocket[] = [];
afterAll(() => {
  for (const s of open) s.close();
});

/** The next occurrence of a socket's event (connect, connect_error, …). */
function next<T = unknown>(socket: AgentSocket, event: "connect" | "connect_error"): Promise<T> {
  return new Promise((resolve) => socket.once(event, resolve as never));
}

function agent(auth: Record<string, unknown>): AgentSocket {
  const socket = connect(url, { auth, transports: ["websocket"], reconnection: false }) as AgentSocket;
  open.push(socket);
  return socket;
}

async function connected(token: string): Promise<AgentSocket> {
  const socket = agent({ token, protocol: PROTOCOL_VERSION, agent: { version: "test", source: "sim" } });
  await next(socket, "connect");
  return socket;
}

async function newRigWithSession() {
  const { rig, token } = await createRig({ name: `rig ${Math.random().toString(16).slice(2, 10)}` });
  const video = await makeVideo();
  const [session] = await getDb()
    .insert(testSessions)
    .values({ videoId: video.id, rigId: rig.id, status: "running" })
    .returning();
  return { rig, token, session: session as NonNullable<typeof session>, video };
}

const event = (seq: number, videoTimeUs = 1000 * seq): RigDetectionEvent => ({
  seq,
  line: "17",
  edge: "rising",
  videoTimeUs,
  rigMonotonicNs: String(5_000_000_000_000 + seq),
  readMonotonicNs: String(5_000_000_100_000 + seq),
});

const send = (socket: AgentSocket, batch: unknown): Promise<EventBatchAck> =>
  socket.timeout(5000).emitWithAck("events", batch as never) as Promise<EventBatchAck>;

async function storedSeqs(sessionId: string) {
  const rows = await getDb().select().from(detectionEvents).where(eq(detectionEvents.sessionId, sessionId));
  return rows.map((r) => r.seq).sort((a, b) => a - b);
}

describe("/rig handshake", () => {
  it("refuses a wrong token or a missing protocol version with the reason", async () => {
    const wrong = agent({ token: "slr_not-a-real-token", protocol: PROTOCOL_VERSION });
    const error = await next<Error>(wrong, "connect_error");
    expect(error.message).toMatch(/^Refused: this rig token is not valid/);
    const { token } = await createRig({ name: `rig ${Date.now()}` });
    const noProtocol = agent({ token });
    const refused = await next<Error>(noProtocol, "connect_error");
    expect(refused.message).toMatch(/^Refused: protocol: this server speaks rig protocol 3: download the agent again/);
    // An agent of the earlier protocol is told to update.
    const old = agent({ token, protocol: 2 });
    expect((await next<Error>(old, "connect_error")).message).toMatch(/speaks rig protocol 3/);
  });

  it("marks the rig online while an agent is connected, offline when it leaves", async () => {
    const { rig, token } = await newRigWithSession();
    const socket = await connected(token);
    const status = async () => (await getDb().select().from(rigs).where(eq(rigs.id, rig.id)))[0]?.status;
    await expect.poll(status).toBe("online");
    socket.close();
    await expect.poll(status).toBe("offline");
  });
});

describe("/rig events", () => {
  it("stores a batch once: a resend is acknowledged and ignored", async () => {
    const { token, session } = await newRigWithSession();
    const socket = await connected(token);
    const batch = { sessionId: session.id, events: [event(0), event(1), event(2)] };
    expect(await send(socket, batch)).toEqual({ ok: true, stored: 3, duplicates: 0, acked: [0, 1, 2] });
    expect(await send(socket, batch)).toEqual({ ok: true, stored: 0, duplicates: 3, acked: [0, 1, 2] });
    expect(await storedSeqs(session.id)).toEqual([0, 1, 2]);
  });

  it("refuses a reused seq with different content, writing nothing of the batch", async () => {
    const { token, session } = await newRigWithSession();
    const socket = await connected(token);
    await send(socket, { sessionId: session.id, events: [event(0)] });
    const reply = await send(socket, { sessionId: session.id, events: [event(1), event(0, 999_999)] });
    expect(reply).toMatchObject({ ok: false, refused: [{ seq: 0 }] });
    expect(reply.ok ? "" : reply.error).toMatch(/seq 0 already holds a different event/);
    expect(await storedSeqs(session.id)).toEqual([0]);
  });

  it("refuses malformed events by seq (failing the session), oversized and foreign batches with a clear error", async () => {
    const { token, session } = await newRigWithSession();
    const other = await newRigWithSession();
    const socket = await connected(token);
    const malformed = await send(socket, { sessionId: session.id, events: [{ ...event(0), edge: "sideways" }] });
    expect(malformed).toMatchObject({ ok: false, refused: [{ seq: 0, error: expect.stringMatching(/^edge: /) }] });
    expect(malformed.ok ? "" : malformed.error).toMatch(/cannot take \(seq 0: edge: /);
    // Its evidence is no longer whole: the session fails, saying why.
    const [failed] = await getDb().select().from(testSessions).where(eq(testSessions.id, session.id));
    expect(failed).toMatchObject({ status: "failed", error: expect.stringMatching(/seq 0: edge: .*incomplete/) });
    // A time that is not whole nanoseconds is refused by its seq too (once it threw out of the check).
    const third = await newRigWithSession();
    const fractional = await send(await connected(third.token), {
      sessionId: third.session.id,
      events: [event(0), { ...event(1), rigMonotonicNs: "1.5" }],
    });
    expect(fractional).toMatchObject({
      ok: false,
      refused: [{ seq: 1, error: expect.stringMatching(/^rigMonotonicNs: must be integer nanoseconds/) }],
    });
    expect(fractional).not.toHaveProperty("retry");
    const big = await send(socket, { sessionId: session.id, events: Array.from({ length: 1001 }, (_, i) => event(i)) });
    expect(big.ok ? "" : big.error).toMatch(/send at most 1000 events per batch/);
    const foreign = await send(socket, { sessionId: other.session.id, events: [event(0)] });
    expect(foreign.ok ? "" : foreign.error).toMatch(/is not assigned to this rig/);
    expect(await storedSeqs(session.id)).toEqual([]);
    expect(await storedSeqs(other.session.id)).toEqual([]);
  });

  it("will not close a session while events are missing", async () => {
    const { token, session } = await newRigWithSession();
    const socket = await connected(token);
    await send(socket, { sessionId: session.id, events: [event(0)] });
    const early = await socket
      .timeout(5000)
      .emitWithAck("session:finished", { sessionId: session.id, status: "completed", emitted: 2 });
    expect(early).toMatchObject({ ok: false, error: expect.stringMatching(/holds 1 of the 2 events/) });
    await send(socket, { sessionId: session.id, events: [event(1)] });
    const done = await socket
      .timeout(5000)
      .emitWithAck("session:finished", { sessionId: session.id, status: "completed", emitted: 2 });
    expect(done).toEqual({ ok: true });
    const late = await send(socket, { sessionId: session.id, events: [event(2)] });
    expect(late.ok ? "" : late.error).toMatch(/is completed: it takes no more events/);
  });

  it("closes a session once: a resend of session:finished is acknowledged, a closed session takes late events", async () => {
    const { token, session } = await newRigWithSession();
    const socket = await connected(token);
    const finish = (status: string) =>
      socket.timeout(5000).emitWithAck("session:finished", { sessionId: session.id, status, emitted: 0 } as never);
    expect(await finish("interrupted")).toEqual({ ok: true });
    // The server had already closed it (or the reply was lost): the same answer, nothing changes.
    expect(await finish("completed")).toEqual({ ok: true });
    const [row] = await getDb().select().from(testSessions).where(eq(testSessions.id, session.id));
    expect(row?.status).toBe("interrupted");
    // Events the agent read before it heard of the end still arrive, and are kept (not analysed).
    const late = await send(socket, { sessionId: session.id, events: [event(0)] });
    expect(late).toMatchObject({ ok: true, stored: 1 });
  });

  it("plays an interrupted run session again, once per attempt", async () => {
    const { rig, token, video } = await newRigWithSession();
    const project = await createProject(projectInput(), null);
    const created = await createWorkflow({ projectId: project.id }, null);
    const [session] = await getDb()
      .insert(testSessions)
      .values({
        workflowId: created.id,
        videoId: video.id,
        rigId: rig.id,
        status: "running",
        metadata: { source: "rig" },
      })
      .returning();
    const socket = await connected(token);
    const stop = {
      sessionId: session?.id as string,
      status: "interrupted",
      emitted: 0,
      error: "the agent was stopped",
    };
    expect(await socket.timeout(5000).emitWithAck("session:finished", stop as never)).toEqual({ ok: true });
    expect(await socket.timeout(5000).emitWithAck("session:finished", stop as never)).toEqual({ ok: true });
    const sessions = await getDb().select().from(testSessions).where(eq(testSessions.workflowId, created.id));
    expect(sessions.map((s) => [s.attempt, s.status]).sort()).toEqual([
      [1, "interrupted"],
      [2, "pending"],
    ]);
    expect(sessions.find((s) => s.attempt === 1)?.error).toBe("interrupted: the agent was stopped");
  });

  it("records what the agent says it does, from the handshake and each heartbeat", async () => {
    const { rig, token, session } = await newRigWithSession();
    const state = { sessionId: session.id, phase: "playing" as const, phaseMs: 1500, positionMs: 2000 };
    const socket = agent({ token, protocol: PROTOCOL_VERSION, state });
    await next(socket, "connect");
    const read = async () => (await getDb().select().from(rigs).where(eq(rigs.id, rig.id)))[0];
    await expect.poll(async () => (await read())?.agentSessionId).toBe(session.id);
    expect((await read())?.agentPhase).toBe("playing");
    socket.emit("heartbeat", { ...state, positionMs: 3000 });
    const position = async () =>
      (await getDb().select().from(testSessions).where(eq(testSessions.id, session.id)))[0]?.positionMs;
    await expect.poll(position).toBe(3000);
    socket.emit("heartbeat", { sessionId: null, phase: "idle", phaseMs: 0, positionMs: 0 });
    await expect.poll(async () => (await read())?.agentPhase).toBe("idle");
    expect((await read())?.agentSessionId).toBeNull();
  });
});

describe("/rig values the database could not store", () => {
  it("refuses by seq what passes JSON but not PostgreSQL: 20-digit nanoseconds, NUL characters", async () => {
    for (const bad of [
      { rigMonotonicNs: "99999999999999999999" },
      { class: "pedestrian\u0000" },
      { line: "17\u0000" },
    ]) {
      const { token, session } = await newRigWithSession();
      const socket = await connected(token);
      const reply = await send(socket, { sessionId: session.id, events: [event(0), { ...event(1), ...bad }] });
      expect(reply).toMatchObject({ ok: false, refused: [{ seq: 1 }] });
      expect(await storedSeqs(session.id)).toEqual([]);
      socket.close();
    }
  });
});

describe("/rig token rotation", () => {
  const within = (promise: Promise<string>, ms: number) =>
    Promise.race([promise, new Promise<string>((resolve) => setTimeout(() => resolve("still connected"), ms))]);

  it("closes the socket of the old token at once, and refuses it afterwards", async () => {
    const { rotateRigToken } = await import("../services/rigs/rotate-rig-token");
    const { setSocketServer } = await import("./publish");
    const { socketServer } = await import("../runtime/slot");
    const { rig, token } = await createRig({ name: `rig ${Math.random().toString(16).slice(2, 10)}` });
    const socket = await connected(token);
    const before = socketServer();
    setSocketServer(ioServer);
    try {
      const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      await rotateRigToken({ id: rig.id });
      expect(await within(closed, 1500)).toBe("io server disconnect");
      const again = agent({ token, protocol: PROTOCOL_VERSION });
      expect((await next<Error>(again, "connect_error")).message).toMatch(/^Refused: this rig token is not valid/);
    } finally {
      setSocketServer(before);
    }
  });

  it("closes it within seconds when another process replaced the token or disabled the rig", async () => {
    for (const change of [{ tokenHash: "replaced elsewhere" }, { status: "disabled" as const }]) {
      const { rig, token } = await createRig({ name: `rig ${Math.random().toString(16).slice(2, 10)}` });
      const socket = await connected(token);
      const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      await getDb().update(rigs).set(change).where(eq(rigs.id, rig.id));
      expect(await within(closed, 8000)).toBe("io server disconnect");
    }
  });
});
