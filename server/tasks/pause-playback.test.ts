/**
 * What pause does to playback, with a real agent process and the server's rig side in its own
 * process. "Pause after current session": the session playing finishes, the next one is not
 * offered while the run is paused, and is played once it is resumed. "Stop now": the session
 * playing ends at once as interrupted (the agent is told to stop), its replay waits for the
 * resume, and the run completes with every video played.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testSessions } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { makeVideo, projectInput } from "@/server/testing/factories";
import { freePort, startReady } from "@/server/testing/processes";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createProject } from "../services/projects/create-project";
import { createRig } from "../services/rigs/create-rig";
import { createWorkflow } from "../services/workflows/create-workflow";
import { pauseWorkflow } from "../services/workflows/pause-workflow";
import { resumeWorkflow } from "../services/workflows/resume-workflow";
import { SimAgent } from "../testing/chaos/sim-agent";
import { type Engine, startEngine } from "../workflow/engine";
import { waitFor, waitForState } from "../workflow/testing/wait";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-pause-"));
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

const sessionsOf = (workflowId: string) =>
  getDb()
    .select()
    .from(testSessions)
    .where(eq(testSessions.workflowId, workflowId))
    .orderBy(asc(testSessions.createdAt));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("pausing a run while a rig plays it", () => {
  it("after the current session, or at once; nothing new is offered until it is resumed", async () => {
    const port = await freePort();
    server = await startReady(
      "server/realtime/testing/rig-server-main.ts",
      { DATABASE_URL: testDatabaseUrl(), PORT: String(port), LOG_LEVEL: "error" },
      "server",
    );
    const project = await createProject(projectInput({ cameraView: "rear" }), null);
    for (let i = 0; i < 2; i++) await makeVideo({ cameraView: "rear", events: 2 });
    const { token } = await createRig({ name: "pause bench" });
    agent = new SimAgent({ server: `http://127.0.0.1:${port}`, token, dir: scratch, label: "bench", seed: 3 });
    agent.start();

    // Pause after the current session.
    const first = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    await waitFor(
      () => sessionsOf(first.id),
      (rows) => rows.some((s) => s.status === "running"),
      60_000,
    );
    const paused = await pauseWorkflow({ id: first.id }, null);
    expect(paused.stoppedSessions).toBe(0);
    const afterFirst = await waitFor(
      () => sessionsOf(first.id),
      (rows) => rows.some((s) => s.status === "completed"),
      60_000,
    );
    expect(afterFirst.filter((s) => s.status === "interrupted")).toEqual([]);
    // The other video waits, unoffered, while the run stays paused.
    await sleep(4000);
    const waiting = (await sessionsOf(first.id)).filter((s) => s.status !== "completed");
    expect(waiting.map((s) => ({ status: s.status, rigId: s.rigId }))).toEqual([{ status: "pending", rigId: null }]);
    await resumeWorkflow({ id: first.id }, null);
    const done = await waitForState(first.id, ["completed", "failed"], 90_000);
    expect(done.state).toBe("completed");
    expect((await sessionsOf(first.id)).map((s) => s.status)).toEqual(["completed", "completed"]);

    // Stop now.
    const second = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    const playing = await waitFor(
      () => sessionsOf(second.id),
      (rows) => rows.some((s) => s.status === "running" && s.positionMs > 500),
      60_000,
    );
    const stoppedId = playing.find((s) => s.status === "running")?.id;
    const stopped = await pauseWorkflow({ id: second.id, now: true }, null);
    expect(stopped.stoppedSessions).toBe(1);
    const [stoppedRow] = (await sessionsOf(second.id)).filter((s) => s.id === stoppedId);
    expect(stoppedRow).toMatchObject({ status: "interrupted", error: expect.stringMatching(/stopped by a user/) });
    await sleep(4000);
    const held = await sessionsOf(second.id);
    expect(held.filter((s) => s.status === "running")).toEqual([]);
    expect(held.filter((s) => s.status === "pending" && s.rigId === null)).toHaveLength(2);
    await resumeWorkflow({ id: second.id }, null);
    const resumed = await waitForState(second.id, ["completed", "failed"], 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\nagent:\n${agent?.output().slice(-3000)}`);
    });
    expect(resumed.state).toBe("completed");
    const final = await sessionsOf(second.id);
    expect(final.filter((s) => s.status === "completed")).toHaveLength(2);
    expect(final.filter((s) => s.status === "interrupted")).toHaveLength(1);
    expect(final.find((s) => s.status === "completed" && s.attempt === 2)?.videoId).toBe(stoppedRow?.videoId);
    await agent.stop();
  }, 300_000);
});
