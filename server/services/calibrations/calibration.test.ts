/**
 * Display calibration end to end with real processes (DESIGN §12): the server's /rig namespace
 * and dispatcher on a database of its own, and real agent processes whose simulated screen shows
 * frames late by a known distribution. The rig plays the calibration video at 10× real time, its
 * photodiode's edges are paired with the flashes, and the measured display latency is checked
 * against the simulated one; a drifting screen's drift is measured; a rig that watches no sync
 * line fails its calibration, saying what to do; and a run played on a calibrated rig reports its
 * latencies corrected, the raw ones beside them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calibrationEdges, rigCalibrations } from "@/db/schema";
import { getDb, getSql, rigChannel } from "@/server/runtime/slot";
import { makeVideo, projectInput } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { type Dispatcher, startDispatcher } from "../../dispatch/dispatcher";
import { writeBundleDir } from "../../evidence/bundle";
import { runEvidence } from "../../evidence/run-evidence";
import { instanceSigningKey } from "../../evidence/signing-key";
import { verifyBundle } from "../../evidence/verify-bundle";
import { setSocketServer } from "../../realtime/publish";
import { createSocketServer } from "../../realtime/socket-server";
import { resultsJson } from "../../rest/results-json";
import { cameraFlags, SimAgent } from "../../testing/chaos/sim-agent";
import { type Engine, startEngine } from "../../workflow/engine";
import { waitForState } from "../../workflow/testing/wait";
import { createProject } from "../projects/create-project";
import { getResults } from "../results/get-results";
import { createRig } from "../rigs/create-rig";
import { createWorkflow } from "../workflows/create-workflow";
import { rigWithCalibrations } from "./list-calibrations";
import { requestCalibration } from "./request-calibration";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-calibration-"));
let http: HttpServer;
let serverUrl: string;
let dispatcher: Dispatcher;
let engine: Engine;
const agents = new Set<SimAgent>();

beforeAll(async () => {
  http = createServer();
  setSocketServer(createSocketServer(http));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  dispatcher = await startDispatcher(getSql(), rigChannel());
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 4 });
});

afterAll(async () => {
  for (const agent of agents) await agent.kill();
  await engine?.stop(0);
  await dispatcher?.stop();
  setSocketServer(undefined);
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

function startAgent(token: string, label: string, flags: string[], udpPort?: number) {
  const agent = new SimAgent({
    server: serverUrl,
    token,
    dir: scratch,
    label,
    seed: 3,
    camera: flags,
    speed: 10,
    udpPort,
  });
  agent.start();
  agents.add(agent);
  return agent;
}

async function finished(id: string, agent: SimAgent, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await getDb().select().from(rigCalibrations).where(eq(rigCalibrations.id, id));
    if (row && (row.status === "completed" || row.status === "failed")) return row;
    if (Date.now() > deadline) throw new Error(`calibration still ${row?.status}\n${agent.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("display calibration with real agents", () => {
  it("measures a simulated display's latency within 0.5 ms, its interval covering it, and a drift", async () => {
    const steady = await createRig({ name: "bench steady" });
    const drifting = await createRig({ name: "bench drifting" });
    const a = startAgent(steady.token, "steady", ["--sim-display-latency-ms", "35±2"]);
    const b = startAgent(drifting.token, "drifting", ["--sim-display-latency-ms", "20±1", "--sim-drift-ppm", "400"]);
    const one = await requestCalibration(
      { rigId: steady.rig.id, signal: "sync", flashes: 120, fps: 30, monitorNotes: "Dell U2720Q, 60 Hz" },
      null,
    );
    const two = await requestCalibration({ rigId: drifting.rig.id, signal: "sync", flashes: 120, fps: 30 }, null);
    // One calibration at a time per rig.
    await expect(requestCalibration({ rigId: steady.rig.id, signal: "sync" }, null)).rejects.toThrow(
      /already has a calibration/,
    );

    const [x, y] = await Promise.all([finished(one.id, a), finished(two.id, b)]);
    expect(x.error).toBeNull();
    const r = x.result as NonNullable<typeof x.result>;
    expect(r.flashes).toBe(120);
    expect(r.paired).toBe(120);
    expect(r.missed).toBe(0);
    expect(r.extra).toBe(0);
    expect(Math.abs(r.meanMs - 35)).toBeLessThan(0.5);
    expect(r.ciMs[0]).toBeLessThanOrEqual(35);
    expect(r.ciMs[1]).toBeGreaterThanOrEqual(35);
    expect(r.sdMs).toBeGreaterThan(1.5);
    expect(r.sdMs).toBeLessThan(2.5);
    expect(Math.abs(r.driftPpm as number)).toBeLessThan(25);
    // Both edges of every flash were stored (rising and falling), on the photodiode's line.
    const edges = await getDb().select().from(calibrationEdges).where(eq(calibrationEdges.calibrationId, one.id));
    expect(edges).toHaveLength(240);

    const d = y.result as NonNullable<typeof y.result>;
    expect(Math.abs((d.driftPpm as number) - 400)).toBeLessThan(40);
    // The latency grows with the drift: the first flashes sit near 20 ms.
    expect(Math.abs((d.latenciesUs[0] as number) / 1000 - 20)).toBeLessThan(5);

    const page = await rigWithCalibrations(steady.rig.id);
    expect(page.calibrations[0]).toMatchObject({ status: "completed", monitorNotes: "Dell U2720Q, 60 Hz" });
    expect(page.calibrations[0]?.player).toContain("sim");
  }, 90_000);

  it("fails a calibration the rig cannot read, saying what to do", async () => {
    const rig = await createRig({ name: "bench udp" });
    const agent = startAgent(rig.token, "udp", [], 47_000 + Math.floor(Math.random() * 1000));
    const c = await requestCalibration({ rigId: rig.rig.id, signal: "sync", flashes: 10, fps: 10 }, null);
    const row = await finished(c.id, agent);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/start it with --sync-line/);
  }, 60_000);

  it("corrects a run's latencies by the calibration in force, keeping the raw ones beside them", async () => {
    // The run plays on this test's rig alone: the rigs before go offline.
    for (const agent of agents) await agent.kill();
    const project = await createProject(projectInput({ cameraView: "rear" }), null);
    for (let i = 0; i < 2; i++) await makeVideo({ cameraView: "rear", events: 5 });
    const { rig, token } = await createRig({ name: "bench display" });
    // A camera that reacts 60 ms after it sees the event, behind a screen 35 ± 2 ms late.
    const camera = cameraFlags({
      missRate: 0,
      falsePositivesPerMinute: 0,
      retriggerRate: 0,
      latencyMinMs: 60,
      latencyMaxMs: 60,
    });
    const agent = startAgent(token, "display", [...camera, "--sim-display-latency-ms", "35±2"]);
    const c = await requestCalibration({ rigId: rig.id, signal: "sync", flashes: 60, fps: 30 }, null);
    expect((await finished(c.id, agent)).status).toBe("completed");

    const { id } = await createWorkflow({ projectId: project.id, start: true }, null);
    const done = await waitForState(id, ["completed", "failed"], 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${agent.output()}`);
    });
    expect(done.state).toBe("completed");
    const results = await getResults(id);
    const e = results.evaluation as NonNullable<typeof results.evaluation>;
    expect(e.timing?.basis).toBe("corrected");
    expect(e.timing?.statement).toMatch(/rig bench display \(3\d\.\d ms/);
    expect(e.timing?.statement).not.toMatch(/bench (steady|drifting|udp)/);
    expect(Math.abs((e.latency.p50 as number) - 60)).toBeLessThan(4);
    expect(Math.abs((e.rawLatency?.p50 as number) - 95)).toBeLessThan(4);
    // The sessions kept the clock and the source's event clock; the clock did not move on one host.
    expect(e.timing?.clock.worstOffsetChangeMs).toBeLessThan(2);
    expect(e.timing?.clock.flagged).toEqual([]);
    expect(e.byVideo).toHaveLength(2);
    // The REST API says the same.
    const rest = resultsJson(results);
    expect(rest.timing).toMatchObject({ basis: "corrected", refused: null, warnings: [] });
    expect(rest.timing?.raw_latency_ms?.p50).toBe(e.rawLatency?.p50);
    // An auditor derives the same corrected figures again from the evidence bundle alone.
    const bundle = await runEvidence(id);
    const dir = path.join(scratch, "evidence");
    writeBundleDir(dir, bundle.files);
    const report = verifyBundle(dir, instanceSigningKey().publicKey);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(JSON.parse(bundle.files.get("inputs/config.json")?.toString() ?? "{}").timing.sessions).toBeTruthy();
    // Its report states the time base, with each session's correction.
    const text = execFileSync("pdftotext", [path.join(dir, "report.pdf"), "-"], { encoding: "utf8" }).replace(
      /\s+/g,
      " ",
    );
    expect(text).toMatch(/Latencies corrected for the display latency of rig bench display \(3\d\.\d ms/);
    expect(text).toMatch(/3\d\.\d ms \(0 d old\)/);
  }, 90_000);
});
