/**
 * The timing chain in a run's evaluation (DESIGN §12), on plain evidence: latencies corrected by
 * each session's calibration with the raw figures beside them, the correction's uncertainty added
 * in quadrature to the percentile intervals, a run with one uncalibrated rig reported as measured,
 * the project's calibration bounds (warn, refuse), and sessions whose clock moved flagged.
 */
import { describe, expect, it } from "vitest";
import { studentTQuantile } from "../stats/distributions";
import { percentileInterval } from "../stats/intervals";
import {
  defaultJudging,
  defaultLatencyThresholds,
  defaultPassFailCriteria,
  defaultTimingRules,
  type TimingRules,
} from "../validation/project";
import { evaluateRun, type RunEvidence } from "./evaluate-run";
import { runSettings } from "./run-settings";
import { type CalibrationUsed, clockSummary, type SessionTiming, type TimingInput } from "./timing-basis";

// 40 events per video, detected 100 + k ms late (k = 0..39) on v1 and 150 + k on v2.
const onsets = Array.from({ length: 40 }, (_, i) => 2 + i * 3);
const truth = (video: string) =>
  onsets.map((s, i) => ({ id: `${video}-${i}`, onsetUs: s * 1e6, offsetUs: (s + 2) * 1e6, class: "pedestrian" }));
const detections = (base: number, first: number) =>
  onsets.map((s, i) => ({
    id: first + i,
    onsetUs: s * 1e6 + (base + i) * 1000,
    offsetUs: null,
    class: null,
    confidence: null,
  }));
const evidence: RunEvidence = {
  workflowId: "run",
  sessions: [
    { id: "s1", video: { id: "v1", fileName: "a.mp4", durationMs: 125_000 }, detections: detections(100, 1) },
    { id: "s2", video: { id: "v2", fileName: "b.mp4", durationMs: 125_000 }, detections: detections(150, 100) },
  ],
  truth: new Map([
    ["v1", truth("v1")],
    ["v2", truth("v2")],
  ]),
  assignedVideos: 2,
  missingVideos: [],
};
const calibration = (meanMs: number, sdMs: number, paired: number, ageDays = 3): CalibrationUsed => ({
  id: `c-${meanMs}`,
  finishedAt: "2026-12-01T10:00:00.000Z",
  meanMs,
  sdMs,
  paired,
  driftPpm: 12,
  ageDays,
});
const session = (rigName: string, c: CalibrationUsed | null, offsetChangeMs = 0.3): SessionTiming => ({
  rigId: rigName,
  rigName,
  source: "gpio",
  eventClock: "kernel edge timestamps",
  calibration: c,
  clock: { samples: 60, offsetChangeMs, worstRttMs: 0.8 },
});
const config = (timing: TimingInput) => ({
  settings: runSettings({ latencyThresholds: defaultLatencyThresholds, parameters: {}, judging: defaultJudging }),
  passFailCriteria: {
    ...defaultPassFailCriteria,
    maxLatencyMs: { enabled: true, value: 400, statistic: "p95" as const },
    minPrecision: { enabled: false, value: 0 },
    minRecall: { enabled: false, value: 0 },
    minF1Score: { enabled: false, value: 0 },
    maxFalsePositiveRate: { enabled: false, value: 0 },
    minDetectionConfidence: { enabled: false, value: 0 },
    minAccuracy: { enabled: false, value: 0 },
  },
  judging: { ...defaultJudging, decisionRule: "point" as const },
  timing,
});
const rules = (patch: Partial<TimingRules> = {}): TimingRules => ({ ...defaultTimingRules, ...patch });

describe("the timing chain in a run's evaluation", () => {
  it("corrects each session by its rig's calibration, keeps the raw figures, and widens the intervals in quadrature", () => {
    const timing = {
      rules: rules(),
      sessions: { s1: session("A", calibration(30, 2, 120)), s2: session("B", calibration(50, 4, 100)) },
    };
    const { run, records } = evaluateRun(evidence, config(timing));
    const t = run.settings.timing;
    expect(t?.basis).toBe("corrected");
    expect(t?.statement).toMatch(/rig A \(30\.0 ms, calibrated 2026-12-01\), rig B \(50\.0 ms/);
    // Corrected: v1 70..109 ms, v2 100..139 ms; raw: 100..139 and 150..189.
    const corrected = [
      ...Array.from({ length: 40 }, (_, i) => 70 + i),
      ...Array.from({ length: 40 }, (_, i) => 100 + i),
    ].sort((a, b) => a - b);
    expect(run.latency.p50).toBe(corrected[39]);
    expect(run.latency.max).toBe(139);
    expect(run.rawLatency?.max).toBe(189);
    expect(run.rawLatency?.p50).toBe(139);
    expect(records[0]?.latency.mean).toBeCloseTo(89.5, 9);
    // The run's p95 interval: the order-statistic interval, each side widened by the larger
    // correction half-width (rig B: t(0.975, 99) · 4/√100) in quadrature.
    const h = studentTQuantile(0.975, 99) * (4 / 10);
    const [lo, hi] = percentileInterval(Float64Array.from(corrected), 95, 0.95) as [number, number];
    const p95 = run.latency.p95 as number;
    expect(run.intervals?.latencyMs.p95?.[0]).toBeCloseTo(p95 - Math.hypot(p95 - lo, h), 9);
    expect(run.intervals?.latencyMs.p95?.[1]).toBeCloseTo(p95 + Math.hypot(hi - p95, h), 9);
    // A session's own record uses its own rig's correction and uncertainty.
    const h1 = studentTQuantile(0.975, 119) * (2 / Math.sqrt(120));
    const own = Float64Array.from({ length: 40 }, (_, i) => 70 + i);
    const [l1, u1] = percentileInterval(own, 50, 0.95) as [number, number];
    expect(records[0]?.intervals?.latencyMs.p50?.[0]).toBeCloseTo(89 - Math.hypot(89 - l1, h1), 9);
    expect(records[0]?.intervals?.latencyMs.p50?.[1]).toBeCloseTo(89 + Math.hypot(u1 - 89, h1), 9);
    expect(t?.warnings).toEqual([]);
    expect(run.verdict).toBe("pass");
  });

  it("reports a run with one uncalibrated rig as measured, naming the rig", () => {
    const timing = { rules: rules(), sessions: { s1: session("A", calibration(30, 2, 120)), s2: session("B", null) } };
    const { run } = evaluateRun(evidence, config(timing));
    expect(run.settings.timing?.basis).toBe("raw");
    expect(run.settings.timing?.statement).toMatch(/as measured.*rig B had no calibration/);
    expect(run.latency.max).toBe(189);
    expect(run.rawLatency).toBeUndefined();
  });

  it("warns that a fast-drifting display's correction is only its mean", () => {
    const drifting = { ...calibration(30, 2, 120), driftPpm: -400 };
    const timing = {
      rules: rules(),
      sessions: { s1: session("A", drifting), s2: session("B", calibration(50, 4, 100)) },
    };
    expect(evaluateRun(evidence, config(timing)).run.settings.timing?.warnings).toEqual([
      "rig A's display drifts -400 ppm (24.0 ms a minute of video): its correction is the calibration's mean, right only near the calibration video's middle",
    ]);
  });

  it("names imported detection files, which have no rig to calibrate", () => {
    const imported: SessionTiming = { ...session("A", null), rigId: null, rigName: null };
    const timing = {
      rules: rules({ calibrationMaxAgeDays: 30 }),
      sessions: { s1: imported, s2: session("B", calibration(50, 4, 100)) },
    };
    const { run } = evaluateRun(evidence, config(timing));
    expect(run.settings.timing?.statement).toBe(
      "Latencies as measured, without a display correction: imported detection files carry no display calibration.",
    );
    expect(run.settings.timing?.warnings).toEqual(["imported detection files have no rig, so no display calibration"]);
  });

  it("warns of, or refuses, calibrations that are too old or too spread, and flags a clock that moved", () => {
    const sessions = {
      s1: session("A", calibration(30, 2, 120, 45)),
      s2: session("B", calibration(50, 9, 100), 3.2),
    };
    const warned = evaluateRun(
      evidence,
      config({ rules: rules({ calibrationMaxAgeDays: 30, calibrationMaxSdMs: 5 }), sessions }),
    ).run;
    expect(warned.settings.timing?.warnings).toEqual([
      "rig A's calibration was 45 days old (the project allows 30)",
      "rig B's display latency spreads 9.0 ms SD (the project allows 5.0 ms)",
      "1 session's clock offset moved more than 2.0 ms (worst 3.2 ms)",
    ]);
    expect(warned.settings.timing?.clock).toMatchObject({
      worstOffsetChangeMs: 3.2,
      worstRttMs: 0.8,
      flagged: [{ sessionId: "s2" }],
    });
    expect(warned.verdict).toBe("pass");

    const refused = evaluateRun(
      evidence,
      config({ rules: rules({ calibrationMaxAgeDays: 30, calibrationRule: "refuse" }), sessions }),
    ).run;
    expect(refused.settings.timing?.refused).toBe("rig A's calibration was 45 days old (the project allows 30)");
    const latency = refused.criteria.find((c) => c.key === "maxLatencyMs");
    expect(latency?.status).toBe("inconclusive");
    expect(latency?.note).toMatch(/^not judged: rig A's calibration was 45 days old/);
    expect(refused.verdict).toBe("inconclusive");
    // A missing calibration breaks a bound too.
    const missing = evaluateRun(
      evidence,
      config({
        rules: rules({ calibrationMaxSdMs: 5, calibrationRule: "refuse" }),
        sessions: { ...sessions, s1: session("A", null) },
      }),
    ).run;
    expect(missing.settings.timing?.refused).toMatch(/rig A had no display calibration/);
  });

  it("summarises a session's clock record: how far the offset moved, its longest round trip", () => {
    expect(clockSummary(null)).toBeNull();
    expect(
      clockSummary([
        { offsetNs: "9007199254740993000", rttNs: 300_000 },
        { offsetNs: "9007199254741993000", rttNs: 900_000 },
        { offsetNs: "9007199254740493000", rttNs: 200_000 },
      ]),
    ).toEqual({ samples: 3, offsetChangeMs: 1.5, worstRttMs: 0.9 });
  });
});
