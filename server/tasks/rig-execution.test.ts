/**
 * Test execution on rigs, end to end with real processes: the server (Socket.IO /rig and the
 * workflow engine, on a database of its own) and two real agent processes with the simulated
 * camera over real sockets. A run of six videos completes on the two rigs in parallel, and the
 * database holds exactly the events the agents emitted, then analysed.
 */
import { mkdtempSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectionEvents, testSessions } from "@/db/schema";
import { getDb, getSql, rigChannel } from "@/server/runtime/slot";
import { makeVideo, projectInput } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { type Dispatcher, startDispatcher } from "../dispatch/dispatcher";
import { setSocketServer } from "../realtime/publish";
import { createSocketServer } from "../realtime/socket-server";
import { createProject } from "../services/projects/create-project";
import { createRig } from "../services/rigs/create-rig";
import { createWorkflow } from "../services/workflows/create-workflow";
import { cameraFlags, SimAgent } from "../testing/chaos/sim-agent";
import { type Engine, startEngine } from "../workflow/engine";
import { tasksOf, waitForState } from "../workflow/testing/wait";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-rigs-"));
let http: HttpServer;
let serverUrl: string;
let engine: Engine;
let dispatcher: Dispatcher;
const agents = new Set<SimAgent>();

beforeAll(async () => {
  http = createServer();
  const io = createSocketServer(http);
  setSocketServer(io);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 8 });
  dispatcher = await startDispatcher(getSql(), rigChannel());
});

afterAll(async () => {
  for (const agent of agents) await agent.kill();
  await engine?.stop(0);
  await dispatcher?.stop();
  setSocketServer(undefined);
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

/** A real agent process: `sightline-agent` with the simulated camera, 10× real time. */
function startAgent(token: string, label: string, seed: number) {
  const agent = new SimAgent({
    server: serverUrl,
    token,
    dir: scratch,
    label,
    seed,
    camera: cameraFlags({ falsePositivesPerMinute: 12 }),
    speed: 10,
  });
  agent.start();
  agents.add(agent);
  return agent;
}

describe("execute_tests on two rigs with real agents", () => {
  it("runs six videos on two rigs in parallel and stores exactly what the agents emitted", async () => {
    const project = await createProject(projectInput({ cameraView: "front" }), null);
    for (let i = 0; i < 6; i++) await makeVideo({ cameraView: "front", events: 5 });
    const rigA = await createRig({ name: "bench A" });
    const rigB = await createRig({ name: "bench B" });
    const a = startAgent(rigA.token, "a", 7);
    const b = startAgent(rigB.token, "b", 8);

    const { id } = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    const done = await waitForState(id, ["completed", "failed"], 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\nagent a:\n${a.output()}\nagent b:\n${b.output()}`);
    });
    expect(done.error).toBeNull();
    expect(done.state).toBe("completed");

    const sessions = await getDb().select().from(testSessions).where(eq(testSessions.workflowId, id));
    expect(sessions).toHaveLength(6);
    expect(sessions.every((s) => s.status === "completed")).toBe(true);
    expect(new Set(sessions.map((s) => s.rigId))).toEqual(new Set([rigA.rig.id, rigB.rig.id]));
    // Each session keeps its source, its event clock and the clock sampled at least once a second.
    for (const s of sessions) {
      expect(s.signalSource).toBe("sim");
      expect(s.eventClock).toMatch(/simulated/);
      const samples = s.clockSamples ?? [];
      expect(samples.length).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < samples.length; i++) {
        expect((samples[i]?.atUs ?? 0) - (samples[i - 1]?.atUs ?? 0)).toBeLessThanOrEqual(1_500_000);
      }
      expect(samples.every((c) => c.rttNs > 0 && c.rttNs < 1e9)).toBe(true);
    }
    // In parallel: a session of one rig overlaps a session of the other.
    const overlap = sessions.some((s) =>
      sessions.some(
        (t) =>
          t.rigId !== s.rigId &&
          (t.startedAt as Date) < (s.finishedAt as Date) &&
          (s.startedAt as Date) < (t.finishedAt as Date),
      ),
    );
    expect(overlap).toBe(true);

    const stored = await getDb()
      .select()
      .from(detectionEvents)
      .where(
        inArray(
          detectionEvents.sessionId,
          sessions.map((s) => s.id),
        ),
      );
    const key = (e: Record<string, unknown>) =>
      [e.sessionId, e.seq, e.line, e.edge, e.videoTimeUs, String(e.rigMonotonicNs), String(e.readMonotonicNs)].join(
        "|",
      );
    const fromAgents = [...a.emitted(), ...b.emitted()].map((e) => key(e as unknown as Record<string, unknown>)).sort();
    expect(fromAgents.length).toBeGreaterThan(30);
    expect(stored.map((e) => key(e as unknown as Record<string, unknown>)).sort()).toEqual(fromAgents);

    const tasks = await tasksOf(id);
    expect(tasks.find((t) => t.name === "execute_tests")?.output).toMatchObject({
      completed: 6,
      videos: 6,
      plan: { videos: 6, videoSeconds: 60 },
    });
    expect(tasks.find((t) => t.name === "analyze_results")?.output).toMatchObject({ sessions: 6 });
    // monitor_execution watched every onset as it was stored.
    const risingEdges = stored.filter((e) => e.edge === "rising").length;
    expect(tasks.find((t) => t.name === "monitor_execution")?.output).toMatchObject({ detections: risingEdges });
  }, 120_000);
});
