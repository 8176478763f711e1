/**
 * Firmware A against firmware B with real processes: the server (Socket.IO /rig, the workflow
 * engine, the dispatcher, on a database of its own) and a real agent process whose simulated
 * camera is the "firmware". Three runs of the same six videos: A (finds every event), B (misses
 * most of them), C (A's camera again). B against A is flagged as a regression, C against A is
 * not; the REST route answers the same, the run page's baseline is the run before, and the
 * firmware trend lists the three versions. Bad comparisons are refused with what to do.
 */
import { mkdtempSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as gateRoute from "@/app/api/v1/workflow/projects/[id]/regression-gate/route";
import * as executeRoute from "@/app/api/v1/workflow/tests/execute/route";
import * as compareRoute from "@/app/api/v1/workflow/workflows/[id]/compare/[b]/route";
import { getSql, rigChannel } from "@/server/runtime/slot";
import { makeUser, makeVideo, projectInput } from "@/server/testing/factories";
import { callRoute } from "@/server/testing/rest-call";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { type Dispatcher, startDispatcher } from "../../dispatch/dispatcher";
import { setSocketServer } from "../../realtime/publish";
import { createSocketServer } from "../../realtime/socket-server";
import { cameraFlags, SimAgent } from "../../testing/chaos/sim-agent";
import { type Engine, startEngine } from "../../workflow/engine";
import { waitForState } from "../../workflow/testing/wait";
import { createApiTokenFor } from "../api-tokens/api-tokens";
import { createProject } from "../projects/create-project";
import { setRegressionGate } from "../projects/set-regression-gate";
import { createRig } from "../rigs/create-rig";
import { createWorkflow } from "../workflows/create-workflow";
import { getWorkflow } from "../workflows/get-workflow";
import { compareWorkflows, gateOfRun } from "./compare-workflows";
import { firmwareTrend } from "./firmware-trend";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-compare-"));
let http: HttpServer;
let serverUrl: string;
let engine: Engine;
let dispatcher: Dispatcher;
let token: string;
const agents = new Set<SimAgent>();

beforeAll(async () => {
  http = createServer();
  setSocketServer(createSocketServer(http));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 8 });
  dispatcher = await startDispatcher(getSql(), rigChannel());
  token = (await createApiTokenFor((await makeUser("engineer")).email, { name: "compare" })).token;
});

afterAll(async () => {
  for (const agent of agents) await agent.kill();
  await engine?.stop(0);
  await dispatcher?.stop();
  setSocketServer(undefined);
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

/** One run on the rig, played by a real agent whose simulated camera is the firmware under test. */
async function runWith(
  projectId: string,
  rigToken: string,
  firmware: string,
  camera: Parameters<typeof cameraFlags>[0],
  seed: number,
) {
  const agent = new SimAgent({
    server: serverUrl,
    token: rigToken,
    dir: scratch,
    label: firmware,
    seed,
    camera: cameraFlags(camera),
    speed: 10,
  });
  agent.start();
  agents.add(agent);
  try {
    const { id } = await createWorkflow(
      { projectId, firmwareVersion: firmware, softwareId: `RXSWIN-${firmware}`, softwareNotes: "bench", start: true },
      null,
    );
    const done = await waitForState(id, ["completed", "failed"], 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\nagent:\n${agent.output()}`);
    });
    expect(done.state, done.error ?? "").toBe("completed");
    return id;
  } finally {
    await agent.kill();
    agents.delete(agent);
  }
}

describe("firmware A against firmware B on real agent sessions", () => {
  let projectId: string;
  let runA: string;
  let runB: string;
  let runC: string;

  it("plays three runs; B (a camera that misses) is a regression against A, C (A's camera again) is not", async () => {
    const project = await createProject(projectInput({ cameraView: "front" }), null);
    projectId = project.id;
    expect(project.regressionGate).toEqual({ requireFirmware: false, maxRecallDrop: 0.05, maxP95IncreaseMs: 20 });
    await setRegressionGate({
      id: projectId,
      regressionGate: { requireFirmware: true, maxRecallDrop: 0.1, maxP95IncreaseMs: 40 },
    });
    for (let i = 0; i < 6; i++) await makeVideo({ cameraView: "front", events: 8 });
    const rig = await createRig({ name: "bench" });

    const good = { missRate: 0, falsePositivesPerMinute: 0, latencyMinMs: 40, latencyMaxMs: 80 };
    runA = await runWith(projectId, rig.token, "2.3.1", good, 11);
    runB = await runWith(projectId, rig.token, "2.4.0", { ...good, missRate: 0.6, falsePositivesPerMinute: 6 }, 12);
    runC = await runWith(projectId, rig.token, "2.4.1", good, 13);

    const ab = await compareWorkflows({ a: runA, b: runB });
    expect(ab.events).toBe(48);
    expect(ab.paired.both + ab.paired.a_only + ab.paired.b_only + ab.paired.neither).toBe(48);
    expect(ab.paired.a_only).toBeGreaterThan(15);
    expect(ab.recall.a).toBe(1);
    expect(ab.recall.diff_ci?.[1]).toBeLessThan(-0.1);
    expect(ab.mcnemar_p).toBeLessThan(0.001);
    expect(ab.gate.verdict).toBe("regression");
    expect(ab.gate.recall.verdict).toBe("regression");
    expect(ab.changed.filter((c) => c.in === "a")).toHaveLength(ab.paired.a_only);
    expect(ab.changed.every((c) => c.onset_ms !== null && c.frame !== null && c.session_a && c.session_b)).toBe(true);
    expect(ab.per_video).toHaveLength(6);
    expect(ab.bootstrap).toMatchObject({ seed: 1, resamples: 2000, unit: "video", clusters: 6 });
    expect(ab.false_positives.hours).toBeCloseTo(60 / 3600, 9);
    expect(ab.coverage).toEqual({ shared_videos: 6, videos_only_a: 0, videos_only_b: 0, events_judged_by_one_run: 0 });
    expect(ab.a.firmware_version).toBe("2.3.1");
    expect(ab.b.software_id).toBe("RXSWIN-2.4.0");

    const ac = await compareWorkflows({ a: runA, b: runC });
    expect(ac.paired.a_only + ac.paired.b_only).toBe(0);
    expect(ac.gate.recall.verdict, ac.gate.recall.reason).toBe("no regression");
    expect(ac.gate.verdict, JSON.stringify(ac.gate)).toBe("no regression");
  }, 240_000);

  it("serves the same comparison over REST, seeded as asked, and refuses what cannot be compared", async () => {
    const params = { id: runA, b: runB };
    const rest = await callRoute(compareRoute.GET, { token, params, url: `/x?seed=7&resamples=500` });
    expect(rest.status).toBe(200);
    const direct = await compareWorkflows({ a: runA, b: runB, seed: 7, resamples: 500 });
    for (const key of ["paired", "mcnemar_p", "recall", "latency_ms", "changed", "gate"] as const) {
      expect(rest.body[key]).toEqual(JSON.parse(JSON.stringify(direct[key])));
    }
    expect(rest.body.bootstrap).toMatchObject({ seed: 7, resamples: 500 });

    const same = await callRoute(compareRoute.GET, { token, params: { id: runA, b: runA } });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/two different runs/);
    const badSeed = await callRoute(compareRoute.GET, { token, params, url: "/x?seed=abc" });
    expect(badSeed.status).toBe(400);
    const missing = await callRoute(compareRoute.GET, {
      token,
      params: { id: runA, b: "00000000-0000-4000-8000-000000000000" },
    });
    expect(missing.status).toBe(404);
    const anonymous = await callRoute(compareRoute.GET, { token: null, params });
    expect(anonymous.status).toBe(401);

    const other = await createProject(projectInput({ cameraView: "front" }), null);
    const { id: foreign } = await createWorkflow(
      { projectId: other.id, parameters: { dryRunSeconds: 1 }, start: true },
      null,
    );
    await waitForState(foreign, ["completed", "failed"], 60_000);
    await expect(compareWorkflows({ a: runA, b: foreign })).rejects.toThrow(/different projects/);
    const elsewhere = await makeVideo({ cameraView: "front", events: 2 });
    const { id: apart } = await createWorkflow(
      { projectId, firmwareVersion: "9.8", parameters: { dryRunSeconds: 0.2, videoIds: [elsewhere.id] }, start: true },
      null,
    );
    await waitForState(apart, ["completed", "failed"], 60_000);
    await expect(compareWorkflows({ a: runA, b: apart })).rejects.toThrow(/played no video in common/);
    const { id: pending } = await createWorkflow({ projectId, firmwareVersion: "9.9" }, null);
    await expect(compareWorkflows({ a: runA, b: pending })).rejects.toThrow(/no results yet/);
  }, 120_000);

  it("requires a firmware version when the project says so, and keeps the software identity", async () => {
    await expect(createWorkflow({ projectId }, null)).rejects.toThrow(/requires the firmware version/);
    const refused = await callRoute(executeRoute.POST, { token, body: { project_id: projectId } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/firmware_version/);
    const run = await getWorkflow(runB);
    expect(run).toMatchObject({ firmwareVersion: "2.4.0", softwareId: "RXSWIN-2.4.0", softwareNotes: "bench" });

    const changed = await callRoute(gateRoute.POST, {
      token,
      params: { id: projectId },
      body: { max_p95_increase_ms: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.regression_gate).toEqual({
      require_firmware: true,
      max_recall_drop: 0.1,
      max_p95_increase_ms: null,
    });
    const bad = await callRoute(gateRoute.POST, { token, params: { id: projectId }, body: { max_recall_drop: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/between 0 and 1/);
  });

  it("names the run before as a run's baseline, and lists each firmware in the trend", async () => {
    const gate = await gateOfRun(runB);
    expect(gate.baseline?.workflow_id).toBe(runA);
    expect(gate.gate?.verdict).toBe("regression");
    expect((await gateOfRun(runC)).baseline?.workflow_id).toBe(runB);
    expect((await gateOfRun(runA)).baseline).toBeNull();

    const trend = await firmwareTrend({ projectId });
    // The dry run of another video is in the trend too, marked as such.
    expect(trend.filter((p) => !p.dryRun).map((p) => p.firmwareVersion)).toEqual(["2.3.1", "2.4.0", "2.4.1"]);
    expect(trend.filter((p) => p.dryRun).every((p) => p.firmwareVersion === "9.8")).toBe(true);
    expect(trend[0]?.recall).toBe(1);
    expect(trend[1]?.recall).toBeLessThan(0.7);
    expect(trend[1]?.recallInterval?.[0]).toBeLessThan(trend[1]?.recall ?? 0);
    expect(trend.filter((p) => !p.dryRun).every((p) => p.p95LatencyMs !== null && p.events === 48)).toBe(true);
  });
});
