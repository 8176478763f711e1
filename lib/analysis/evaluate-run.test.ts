/**
 * evaluateRun on plain evidence, no database: session records, the run's record with its figures
 * per video, the completeness rule, and the same records from the same evidence.
 */
import { describe, expect, it } from "vitest";
import { defaultLatencyThresholds, defaultPassFailCriteria, legacyJudging } from "../validation/project";
import { evaluateRun, isRunOutcomes, type RunEvidence } from "./evaluate-run";
import { runSettings } from "./run-settings";

const truth = (videoId: string, onsetsS: number[]) =>
  onsetsS.map((s, i) => ({ id: `${videoId}-g${i}`, onsetUs: s * 1e6, offsetUs: (s + 2) * 1e6, class: "pedestrian" }));
const detections = (onsetsS: number[], firstId: number) =>
  onsetsS.map((s, i) => ({ id: firstId + i, onsetUs: s * 1e6, offsetUs: null, class: null, confidence: null }));

const evidence: RunEvidence = {
  workflowId: "run-1",
  sessions: [
    { id: "s1", video: { id: "v1", fileName: "a.mp4", durationMs: 20_000 }, detections: detections([1.1, 5.2, 9], 1) },
    { id: "s2", video: { id: "v1", fileName: "a.mp4", durationMs: 20_000 }, detections: detections([1.3], 10) },
    { id: "s3", video: { id: "v2", fileName: "b.mp4", durationMs: null }, detections: detections([2.05], 20) },
  ],
  truth: new Map([
    ["v1", truth("v1", [1, 5])],
    ["v2", truth("v2", [2])],
  ]),
  assignedVideos: 3,
  missingVideos: [],
};
const config = {
  settings: runSettings({ latencyThresholds: defaultLatencyThresholds, parameters: {} }),
  passFailCriteria: defaultPassFailCriteria,
  judging: legacyJudging,
};
const counter = () => {
  let n = 0;
  return () => `id-${++n}`;
};

describe("evaluateRun", () => {
  it("makes a record per session and one for the run, naming each match and the figures per video", () => {
    const { records, run } = evaluateRun(evidence, config, counter());
    expect(records.map((r) => r.scope)).toEqual(["session", "session", "session", "workflow"]);
    expect(records.at(-1)).toBe(run);
    const [first] = records;
    expect(first?.outcomes).toEqual({
      videoId: "v1",
      matches: [
        { groundTruthId: "v1-g0", detectionId: 1, latencyMs: 100 },
        { groundTruthId: "v1-g1", detectionId: 2, latencyMs: 200 },
      ],
      retriggers: [],
      missed: [],
      meanConfidence: null,
    });
    expect(first?.counts).toMatchObject({ tp: 2, fp: 1, fn: 0 });
    // The second session of a.mp4 finds only the first event: the other is named as missed.
    expect(records[1]?.scope === "session" && records[1].outcomes.missed).toEqual(["v1-g1"]);
    expect(run.counts).toMatchObject({ reference: 5, tp: 4, fp: 1, fn: 1 });
    expect(isRunOutcomes(run.outcomes) && run.outcomes.sessionEvaluationIds).toEqual(["id-1", "id-2", "id-3"]);
    expect(Object.keys(run.outcomes.byVideo)).toEqual(["v1", "v2"]);
    expect(run.outcomes.byVideo.v1).toMatchObject({ fileName: "a.mp4", sessions: 2 });
    // Negatives need the video's length: unknown for b.mp4, so none overall.
    expect(run.counts.tn).toBeNull();
  });

  it("is incomplete while an assigned video has no completed session, and never pass", () => {
    const missing = [{ videoId: "v3", fileName: "c.mp4", reason: "not played" }];
    const { run } = evaluateRun({ ...evidence, missingVideos: missing }, config, counter());
    expect(run.verdict).toBe("incomplete");
    expect(run.outcomes.missingVideos).toEqual(missing);
    const none = evaluateRun({ ...evidence, sessions: [], missingVideos: missing }, config, counter()).run;
    expect(none.verdict).toBe("incomplete");
    expect(none.criteria.every((c) => c.status === "n/a")).toBe(true);
  });

  it("gives the same records for the same evidence", () => {
    expect(evaluateRun(evidence, config, counter())).toEqual(evaluateRun(evidence, config, counter()));
  });
});
