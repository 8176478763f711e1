/**
 * Results of a run on the test database: detections imported from a file become a session,
 * the analysis (the same code the analyze_results task runs) writes immutable evaluations with
 * a verdict, and the results show each event's outcome. Bad files are refused whole.
 */
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { evaluations, testSessions } from "@/db/schema";
import { defaultLatencyThresholds, defaultPassFailCriteria } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { callerAs, makeVideo, projectInput } from "@/server/testing/factories";
import { resultAnalysis } from "../../tasks/result-analysis";
import { analyzeRun, writeEvaluations } from "./analyze-run";
import { loadRunConfig } from "./run-config";

async function newRun() {
  const { caller } = await callerAs("engineer");
  const project = await caller.projects.create(projectInput({ cameraView: "right" }));
  // Ground truth (makeVideo): pedestrians at 1.0–1.5 s, 2.0–2.5 s and 3.0–3.5 s of a 10 s video.
  const video = await makeVideo({ cameraView: "right", events: 3 });
  const run = await caller.workflows.create({ projectId: project.id, start: false });
  return { caller, project, video, run };
}

const csv = ["time,class,confidence", "1.120,,0.9", "1.300,,0.8", "2.300,,0.7", "6.000,,0.6"].join("\n");

describe("detections imported from a file", () => {
  it("become a session that the analysis evaluates, with a verdict and each event's outcome", async () => {
    const { caller, video, run, project } = await newRun();
    const imported = await caller.results.importDetections({
      workflowId: run.id,
      videoId: video.id,
      fileName: "bench-run.csv",
      content: csv,
    });
    expect(imported).toMatchObject({ detections: 4, videoFileName: video.fileName });
    const before = await caller.results.byWorkflow({ workflowId: run.id });
    expect(before.evaluation).toBeNull();
    expect(before.unanalysedSessions).toBe(1);
    expect(before.videos.map((v) => v.id)).toContain(video.id);

    const config = await loadRunConfig(run.id, project.id, {});
    const analysis = await analyzeRun(run.id, config);
    await getDb().transaction((tx) => writeEvaluations(tx, analysis));

    const results = await caller.results.byWorkflow({ workflowId: run.id });
    expect(results.unanalysedSessions).toBe(0);
    const evaluation = results.evaluation;
    // 1.12 → event 1 (120 ms), 2.3 → event 2 (300 ms), 1.3 re-triggers event 1, 6.0 is a false positive.
    expect(evaluation?.counts).toMatchObject({ reference: 3, detections: 4, tp: 2, fp: 1, fn: 1, retriggers: 1 });
    expect(evaluation?.verdict).toBe("fail");
    expect(evaluation?.criteria).toHaveLength(8);
    const confidence = evaluation?.criteria.find((c) => c.key === "minDetectionConfidence");
    expect(confidence?.value).toBeCloseTo(0.8, 12);
    expect(evaluation?.byVideo).toEqual([expect.objectContaining({ videoId: video.id, fileName: video.fileName })]);
    const [session] = results.sessions;
    const timeline = await caller.results.timeline({ workflowId: run.id, sessionId: session?.id ?? "" });
    expect(timeline?.groundTruth.map((g) => g.outcome)).toEqual(["tp", "tp", "fn"]);
    expect(timeline?.detections.map((d) => d.outcome)).toEqual(["tp", "retrigger", "tp", "fp"]);
    expect(results.latencies.sort((a, b) => a - b)).toEqual([120, 300]);
    expect(results.thresholds).toMatchObject({
      warningMs: defaultLatencyThresholds.warningThresholdMs,
      criticalMs: defaultLatencyThresholds.criticalThresholdMs,
    });
  });

  it("refuses a malformed file whole, naming the line, and a video of another camera", async () => {
    const { caller, video, run } = await newRun();
    const refusal = await caller.results
      .importDetections({ workflowId: run.id, videoId: video.id, fileName: "d.csv", content: "time\n1.0\nsoon\n" })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect((refusal as TRPCError).message).toMatch(/^content: d\.csv:3: time must be a number/);
    const late = await caller.results
      .importDetections({ workflowId: run.id, videoId: video.id, fileName: "d.txt", content: "1.0\n11.5\n" })
      .catch((e: unknown) => e as TRPCError);
    expect((late as TRPCError).message).toMatch(/detection 2 at 11\.5 s is after the end/);
    const left = await makeVideo({ cameraView: "left" });
    const other = await caller.results
      .importDetections({ workflowId: run.id, videoId: left.id, fileName: "d.txt", content: "1.0\n" })
      .catch((e: unknown) => e as TRPCError);
    expect((other as TRPCError).message).toMatch(/is a left camera video/);
    const stored = await getDb().select().from(testSessions).where(eq(testSessions.workflowId, run.id));
    expect(stored).toHaveLength(0);
  });

  it("is analysed by the analyze_results handler in its commit, and judged by validate_results", async () => {
    const { caller, video, run, project } = await newRun();
    await caller.results.importDetections({
      workflowId: run.id,
      videoId: video.id,
      fileName: "d.txt",
      content: "1.05\n2.05\n3.05\n",
    });
    const outputs: Record<string, unknown> = {
      configure_tests: {
        latencyThresholds: defaultLatencyThresholds,
        passFailCriteria: defaultPassFailCriteria,
        signalType: "gpio",
        frozenAt: new Date().toISOString(),
      },
    };
    const call = {
      workflowId: run.id,
      projectId: project.id,
      attempt: 1,
      signal: new AbortController().signal,
      progress: async () => {},
      parameters: {},
      outputs,
    };
    const analysed = await resultAnalysis.analyzeResults(call);
    // Every criterion judged passes (on their estimates: this run froze no judging, so the
    // point rule), but the run was made with no rig registered: a dry run is never a pass.
    expect(analysed.output).toMatchObject({ sessions: 1, evaluations: 2, verdict: "inconclusive" });
    // Nothing is written before the task's completion transaction runs the commit.
    expect(await getDb().select().from(evaluations).where(eq(evaluations.workflowId, run.id))).toHaveLength(0);
    await getDb().transaction(async (tx) => analysed.commit?.(tx));
    outputs.analyze_results = analysed.output;
    const validated = await resultAnalysis.validateResults(call);
    expect(validated.output).toMatchObject({ verdict: "inconclusive", failed: [] });
    expect(validated.output?.passed).toContain("Minimum recall");
    expect(validated.output?.notApplicable).toContain("Minimum detection confidence");
  });

  it("re-analysis waits for the run to finish", async () => {
    const { caller, run } = await newRun();
    await expect(caller.results.reanalyze({ workflowId: run.id })).rejects.toThrow(/has not finished/);
  });
});
