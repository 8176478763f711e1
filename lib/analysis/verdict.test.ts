/** Verdicts per criterion and overall, and figures combined over parts. */
import { describe, expect, it } from "vitest";
import { defaultJudging, defaultPassFailCriteria } from "@/lib/validation/project";
import { combineEvaluations } from "./combine";
import { defaultEvaluationSettings, evaluateDetections } from "./evaluate";
import { scopedVerdict } from "./evaluate-run";
import { judge } from "./verdict";

const s = (x: number) => Math.round(x * 1e6);
const gt = (onset: number, offset: number, cls = "pedestrian") => ({
  onsetUs: s(onset),
  offsetUs: s(offset),
  class: cls,
});
const det = (onset: number) => ({ onsetUs: s(onset) });

describe("judge", () => {
  it("lists all eight criteria with value, limit and status; one failure fails the verdict", () => {
    const result = evaluateDetections([gt(1, 2), gt(5, 6)], [det(1.2), det(5.3), det(9)], {
      ...defaultEvaluationSettings,
      durationUs: s(20),
    });
    const { verdict, criteria } = judge({ ...result, meanConfidence: null }, defaultPassFailCriteria);
    expect(criteria.map((c) => c.key)).toEqual([
      "minPrecision",
      "minRecall",
      "minF1Score",
      "maxLatencyMs",
      "maxFalsePositiveRate",
      "minDetectionConfidence",
      "minAccuracy",
      "minDetectionCount",
    ]);
    const byKey = Object.fromEntries(criteria.map((c) => [c.key, c]));
    expect(byKey.minPrecision).toMatchObject({ value: 2 / 3, limit: 0.9, status: "fail" });
    expect(byKey.minRecall).toMatchObject({ value: 1, status: "pass" });
    // The default limit is the default critical threshold (150 ms): a 300 ms p95 fails it.
    expect(byKey.maxLatencyMs).toMatchObject({ value: 300, limit: 150, statistic: "p95", status: "fail" });
    expect(byKey.minDetectionConfidence).toMatchObject({ status: "n/a", note: "the signal carries no confidence" });
    expect(verdict).toBe("fail");
  });

  it("passes when nothing fails, skips disabled criteria and says n/a when nothing could be judged", () => {
    const good = evaluateDetections([gt(1, 2)], [det(1.05)]);
    const criteria = { ...defaultPassFailCriteria, maxFalsePositiveRate: { enabled: false, value: 0.05 } };
    const judged = judge({ ...good, meanConfidence: 0.8 }, criteria);
    expect(judged.verdict).toBe("pass");
    expect(judged.criteria.find((c) => c.key === "maxFalsePositiveRate")).toMatchObject({
      status: "n/a",
      note: "disabled",
    });
    const nothing = evaluateDetections([], []);
    const off = Object.fromEntries(
      Object.entries(defaultPassFailCriteria).map(([k, v]) => [k, { ...v, enabled: k === "minPrecision" }]),
    ) as typeof defaultPassFailCriteria;
    expect(judge({ ...nothing, meanConfidence: null }, off).verdict).toBe("n/a");
  });
});

describe("combineEvaluations", () => {
  it("adds counts, pools latencies and keeps matching inside each part", () => {
    const a = [gt(1, 2)];
    const b = [gt(1, 2, "cyclist"), gt(4, 5, "cyclist")];
    const settings = { ...defaultEvaluationSettings };
    const parts = [
      {
        reference: a,
        evaluation: evaluateDetections(a, [det(1.1)], { ...settings, durationUs: s(10) }),
        durationUs: s(10),
      },
      {
        reference: b,
        evaluation: evaluateDetections(b, [det(1.3), det(7)], { ...settings, durationUs: s(10) }),
        durationUs: s(10),
      },
    ];
    const combined = combineEvaluations(parts, settings);
    expect(combined.counts).toMatchObject({ reference: 3, detections: 3, tp: 2, fp: 1, fn: 1 });
    expect(combined.latencyMs).toMatchObject({ count: 2, mean: 200, max: 300 });
    expect(combined.byClass.cyclist?.counts).toMatchObject({ reference: 2, tp: 1, fn: 1 });
    expect(combined.byClass.cyclist?.latencyMs.max).toBe(300);
    expect(combined.ratios.falsePositivesPerHour).toBeCloseTo(1 / (20 / 3600), 9);
  });
});

describe("decision rules", () => {
  // Ten events, all found at 100 ms, in a 60 s video with nothing else.
  const truth = Array.from({ length: 10 }, (_, i) => gt(2 + 5 * i, 3 + 5 * i));
  const found = truth.map((g) => ({ onsetUs: g.onsetUs + 100_000 }));
  const result = evaluateDetections(truth, found, { ...defaultEvaluationSettings, durationUs: s(60) });
  const judged = { ...result, meanConfidence: null, latenciesMs: result.matches.map((m) => m.latencyMs) };
  const recallOnly = {
    ...Object.fromEntries(Object.entries(defaultPassFailCriteria).map(([k, c]) => [k, { ...c, enabled: false }])),
    minRecall: { enabled: true, value: 0.95 },
  } as typeof defaultPassFailCriteria;
  const bound = { ...defaultJudging, decisionRule: "bound" as const };

  it("point: 10 of 10 found passes recall ≥ 95 %", () => {
    expect(judge(judged, recallOnly, { ...bound, decisionRule: "point" }).verdict).toBe("pass");
  });

  it("bound: 10 of 10 cannot show recall ≥ 95 %; 42 more found events would", () => {
    const { verdict, criteria } = judge(judged, recallOnly, bound);
    expect(verdict).toBe("inconclusive");
    const recall = criteria.find((c) => c.key === "minRecall");
    // One-sided 95 % Wilson bound of 10/10: n / (n + z²) with z = Φ⁻¹(0.95).
    const z = 1.6448536269514722;
    expect(recall?.bound).toBeCloseTo(10 / (10 + z * z), 12);
    // k = n: the bound reaches 0.95 once n ≥ 19·z² = 51.4, so at 52 events.
    expect(recall).toMatchObject({ status: "inconclusive", moreEvents: 42 });
    // The two-sided 95 % interval the page shows is the one the issue quotes: [0.72, 1.00].
    expect(result.intervals.recall?.[0]).toBeCloseTo(0.7224672001371107, 9);
  });

  it("bound: an estimate that misses its limit fails, and a figure without interval is judged on its estimate", () => {
    const strict = {
      ...recallOnly,
      minF1Score: { enabled: true, value: 0.5 },
      minRecall: { enabled: true, value: 0.99 },
    };
    const missed = evaluateDetections(truth, found.slice(1), { ...defaultEvaluationSettings, durationUs: s(60) });
    const { criteria } = judge({ ...missed, meanConfidence: null }, strict, bound);
    expect(criteria.find((c) => c.key === "minRecall")?.status).toBe("fail");
    expect(criteria.find((c) => c.key === "minF1Score")).toMatchObject({
      status: "pass",
      note: "judged on its estimate (no interval)",
    });
  });

  it("bound: a p95 latency from too few matches cannot be bounded, and says how many more would do", () => {
    const latency = { ...recallOnly, minRecall: { enabled: false, value: 0.95 } };
    latency.maxLatencyMs = { enabled: true, value: 150, statistic: "p95" };
    const { criteria } = judge(judged, latency, bound);
    // With 10 values no order statistic bounds the 95th percentile at 95 %: the bound is open.
    expect(criteria.find((c) => c.key === "maxLatencyMs")).toMatchObject({ status: "inconclusive", bound: null });
    // The smallest n whose upper rank exists is 59 (1 − 0.95^n ≥ 0.95): 49 more matches.
    expect(criteria.find((c) => c.key === "maxLatencyMs")?.moreEvents).toBe(49);
  });

  it("every video: a failing video fails the run whatever the aggregate; aggregate scope looks at the whole", () => {
    const everyVideo = { ...bound, verdictScope: "every_video" as const };
    expect(scopedVerdict("pass", ["pass", "fail"], everyVideo)).toBe("fail");
    expect(scopedVerdict("pass", ["pass", "inconclusive", "n/a"], everyVideo)).toBe("inconclusive");
    expect(scopedVerdict("pass", ["pass", "n/a"], everyVideo)).toBe("pass");
    expect(scopedVerdict("pass", ["fail"], { ...everyVideo, verdictScope: "aggregate" })).toBe("pass");
  });
});
