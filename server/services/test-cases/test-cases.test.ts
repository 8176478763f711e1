/**
 * Regulation test cases through a run on the test database (DESIGN §13): a project takes three
 * cases as its requirement set, two videos are tagged with a case each and carry ground truth with
 * its own windows (imported from CSV), detections are imported, and the analysis gives the
 * matrix — one case passing with its margin, one failing on an early activation and a late
 * detection, one not covered — which fails the run; the results, the REST results, the timeline,
 * the report and the evidence bundle (which verifies) all carry it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { workflows } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { callerAs, makeVideo, projectInput } from "@/server/testing/factories";
import { writeBundleDir } from "../../evidence/bundle";
import { runEvidence } from "../../evidence/run-evidence";
import { instanceSigningKey } from "../../evidence/signing-key";
import { verifyBundle } from "../../evidence/verify-bundle";
import { resultsJson } from "../../rest/results-json";
import { analyzeRun, writeEvaluations } from "../results/analyze-run";
import { loadRunConfig } from "../results/run-config";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-cases-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Caller = Awaited<ReturnType<typeof callerAs>>["caller"];

async function caseVideo(caller: Caller, testCase: string, groundTruth: string) {
  const video = await makeVideo({ cameraView: "right", events: 0, durationMs: 30_000 });
  await caller.groundTruth.import({ videoId: video.id, fileName: "gt.csv", content: groundTruth });
  await caller.videos.updateTags({ id: video.id, tags: { cameraView: "right", testCase } });
  return video;
}

const requireCases = (caller: Caller, id: string, requiredTestCases: string[]) =>
  caller.projects.setVideoRequirements({
    id,
    videoRequirements: {
      requiredVruClasses: [],
      requiredScenarios: [],
      allowDraftGroundTruth: true,
      requiredTestCases,
    },
  });

describe("a run judged on regulation test cases", () => {
  it("gives the matrix — pass with its margin, fail, not covered — and fails the run on it", async () => {
    const { caller } = await callerAs("engineer");
    const project = await caller.projects.create(projectInput({ cameraView: "right" }));
    // Out of catalog order and in lower case: stored once each, in catalog order.
    await requireCases(caller, project.id, ["r159-c1", "R151-D4", "R151-D1", "R151-D1"]);
    expect((await caller.projects.byId({ id: project.id })).requiredTestCases).toEqual([
      "R151-D1",
      "R151-D4",
      "R159-C1",
    ]);
    const refused = await requireCases(caller, project.id, ["R151-D99"]).catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/Not a test case of the catalog/);

    // R151 case 1 (10 km/h): a collision at 20 s puts line D at 10.6 s and the last point of information at 14.6 s.
    const passing = await caseVideo(
      caller,
      "r151-d1",
      "onset,offset,class,not_before,deadline\n5,20,cyclist,10.6,14.6\n",
    );
    // Case 4: the window 8–12.3 s; the camera signals at 5 s (early) and at 12.5 s (too late).
    const failing = await caseVideo(caller, "R151-D4", "onset,offset,class,not_before,deadline\n2,20,cyclist,8,12.3\n");
    const run = await caller.workflows.create({ projectId: project.id, start: false });
    await caller.results.importDetections({
      workflowId: run.id,
      videoId: passing.id,
      fileName: "a.csv",
      content: "time\n12.1\n",
    });
    await caller.results.importDetections({
      workflowId: run.id,
      videoId: failing.id,
      fileName: "b.csv",
      content: "time\n5.0\n12.5\n",
    });
    const config = await loadRunConfig(run.id, project.id, {});
    const analysis = await analyzeRun(run.id, config);
    await getDb().transaction((tx) => writeEvaluations(tx, analysis));

    const results = await caller.results.byWorkflow({ workflowId: run.id });
    const matrix = results.evaluation?.testCases;
    expect(matrix?.rows.map((r) => [r.id, r.status])).toEqual([
      ["R151-D1", "pass"],
      ["R151-D4", "fail"],
      ["R159-C1", "not covered"],
    ]);
    const [d1, d4] = matrix?.rows ?? [];
    expect(d1?.worstMarginMs).toBeCloseTo(2500, 9);
    // 2.5 s at the vehicle's 10 km/h.
    expect(d1?.worstMarginM).toBeCloseTo(2.5 * (10 / 3.6), 9);
    expect(d4).toMatchObject({ events: 1, detected: 0, earlyActivations: 1 });
    expect(d4?.reasons.join("; ")).toMatch(/1 event not detected in its window; .*1 early activation/);
    expect(matrix?.verdict).toBe("fail");
    expect(results.evaluation?.verdict).toBe("fail");
    expect(analysis.inputs.config.testCases?.videoCases).toEqual({ [passing.id]: "R151-D1", [failing.id]: "R151-D4" });

    const rest = resultsJson(results);
    expect(rest.test_cases?.cases.map((c) => c.status)).toEqual(["pass", "fail", "not covered"]);
    const passingSession = rest.sessions.find((s) => s.video_id === passing.id);
    expect(passingSession?.matches).toEqual([expect.objectContaining({ margin_ms: expect.closeTo(2500, 9) })]);
    const failingSession = rest.sessions.find((s) => s.video_id === failing.id);
    expect(failingSession?.early_activations).toHaveLength(1);
    expect(rest.per_video.find((v) => v.video_id === failing.id)?.early_activations).toBe(1);

    const timeline = await caller.results.timeline({ workflowId: run.id, sessionId: failingSession?.session_id ?? "" });
    expect(timeline?.detections.map((d) => [d.outcome, d.early])).toEqual([
      ["fp", true],
      ["fp", false],
    ]);
    expect(timeline?.groundTruth[0]).toMatchObject({ notBeforeMs: 8000, deadlineMs: 12300, outcome: "fn" });

    // The evidence bundle holds the matrix, re-derives it from its own inputs, and its report prints it.
    await getDb().update(workflows).set({ state: "completed" }).where(eq(workflows.id, run.id));
    const bundle = await runEvidence(run.id);
    expect([...bundle.files.keys()]).toContain("test-cases.json");
    const dir = path.join(scratch, "bundle");
    writeBundleDir(dir, bundle.files);
    const report = verifyBundle(dir, instanceSigningKey().publicKey);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    const text = execFileSync("pdftotext", ["-layout", path.join(dir, "report.pdf"), "-"], { encoding: "utf8" });
    expect(text).toMatch(/Test cases/);
    expect(text).toMatch(/R151-D4/);
    expect(text).toMatch(/not covered/);
  });

  it("leaves the run incomplete, not passed, while a required case has no video", async () => {
    const { caller } = await callerAs("engineer");
    const project = await caller.projects.create(projectInput({ cameraView: "right" }));
    await requireCases(caller, project.id, ["R151-D1", "R159-FR"]);
    const passing = await caseVideo(
      caller,
      "R151-D1",
      "onset,offset,class,not_before,deadline\n5,20,cyclist,10.6,14.6\n",
    );
    const run = await caller.workflows.create({ projectId: project.id, start: false });
    await caller.results.importDetections({
      workflowId: run.id,
      videoId: passing.id,
      fileName: "a.csv",
      content: "time\n12.1\n",
    });
    const analysis = await analyzeRun(run.id, await loadRunConfig(run.id, project.id, {}));
    expect(analysis.run.outcomes.testCases?.rows.map((r) => r.status)).toEqual(["pass", "not covered"]);
    expect(analysis.run.outcomes.testCases?.verdict).toBe("incomplete");
    expect(analysis.run.verdict).not.toBe("pass");
    expect(["incomplete", "fail"]).toContain(analysis.run.verdict);
  });
});
