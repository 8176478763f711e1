/**
 * A camera that sends what the server cannot store, through a real agent process (UDP source)
 * and the server's rig side in its own process: a detection whose class is too long, then a
 * flood of detections past the session's bound. Each refused event is named by its seq, the
 * agent keeps delivering the others and stays responsive (low CPU, stops on SIGTERM), and the
 * session fails with the reason instead of passing on part of its events.
 */
import type { ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectionEvents, testSessions } from "@/db/schema";
import { sessionEventsMax } from "@/lib/validation/limits";
import { getDb } from "@/server/runtime/slot";
import { makeVideo, projectInput } from "@/server/testing/factories";
import { freePort, startReady } from "@/server/testing/processes";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createProject } from "../services/projects/create-project";
import { createRig } from "../services/rigs/create-rig";
import { createWorkflow } from "../services/workflows/create-workflow";
import { SimAgent } from "../testing/chaos/sim-agent";
import { type Engine, startEngine } from "../workflow/engine";
import { waitFor } from "../workflow/testing/wait";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-bad-events-"));
let engine: Engine;
let server: ChildProcess | undefined;
let agent: SimAgent | undefined;

beforeAll(async () => {
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: false, concurrency: 1 });
});
afterAll(async () => {
  await agent?.kill();
  if (server?.exitCode === null) server.kill("SIGKILL");
  await engine?.stop(0);
});

/** CPU seconds the process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

describe("a camera sending events the server cannot take", () => {
  it("refuses them by seq, fails the session, and leaves the agent responsive", async () => {
    const port = await freePort();
    server = await startReady(
      "server/realtime/testing/rig-server-main.ts",
      { DATABASE_URL: testDatabaseUrl(), PORT: String(port), LOG_LEVEL: "error" },
      "server",
    );
    const project = await createProject(projectInput({ cameraView: "side" }), null);
    const video = await makeVideo({ cameraView: "side", events: 2 });
    const { token } = await createRig({ name: "udp bench" });
    const udpPort = await freePort();
    agent = new SimAgent({ server: `http://127.0.0.1:${port}`, token, dir: scratch, label: "udp", seed: 1, udpPort });
    agent.start();
    const udp = createSocket("udp4");
    const send = (text: string) =>
      new Promise<void>((resolve, reject) => udp.send(text, udpPort, "127.0.0.1", (e) => (e ? reject(e) : resolve())));

    const playing = async (workflowId: string) =>
      waitFor(
        () => getDb().select().from(testSessions).where(eq(testSessions.workflowId, workflowId)),
        (rows) => rows.some((s) => s.status === "running"),
        60_000,
      ).then((rows) => rows.find((s) => s.status === "running") as (typeof rows)[number]);
    const eventsOf = (sessionId: string) =>
      getDb().select().from(detectionEvents).where(eq(detectionEvents.sessionId, sessionId));
    const closed = (sessionId: string) =>
      waitFor(
        () => getDb().select().from(testSessions).where(eq(testSessions.id, sessionId)),
        (rows) => rows[0]?.status !== "running" && rows[0]?.status !== "pending",
        30_000,
      ).then((rows) => rows[0] as NonNullable<(typeof rows)[number]>);

    // 1. A class of 100 characters between two good detections.
    const first = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    const session = await playing(first.id);
    await send('{"edge":"rising","class":"pedestrian"}');
    await waitFor(
      () => eventsOf(session.id),
      (rows) => rows.length === 1,
      10_000,
    );
    await send(JSON.stringify({ edge: "rising", class: "x".repeat(100) }));
    await send('{"edge":"rising","class":"cyclist"}');
    const failed = await closed(session.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/seq 1: class: .*64/);
    // The good one after it was delivered all the same; nothing is left in the agent's spool.
    await waitFor(
      () => eventsOf(session.id),
      (rows) => rows.some((e) => e.class === "cyclist"),
      10_000,
    );

    // The agent is idle, not spinning: under 20 % of a core over 3 s.
    const pid = agent.pid as number;
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((cpuSeconds(pid) - before) / 3).toBeLessThan(0.2);

    // 2. A flood: more detections than a 10 s video may have.
    const bound = sessionEventsMax(video.durationMs);
    const second = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    const flooded = await playing(second.id);
    for (let i = 0; i < bound + 200; i++) {
      await send(i % 2 === 0 ? "rising" : "falling");
      if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const stopped = await closed(flooded.id);
    expect(stopped.status).toBe("failed");
    expect(stopped.error).toMatch(/more than 1,500 events for a video of 10 s/);
    const stored = await eventsOf(flooded.id);
    expect(stored.length).toBeLessThanOrEqual(bound);
    expect(Math.max(...stored.map((e) => e.seq))).toBeLessThan(bound);

    // SIGTERM still stops it promptly.
    const started = Date.now();
    await agent.stop(15_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    udp.close();
  }, 180_000);
});
