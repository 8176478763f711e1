/** Verdicts per criterion and overall, and figures combined over parts. */
import { describe, expect, it } from "vitest";
import { defaultPassFailCriteria } from "@/lib/validation/project";
import { combineEvaluations } from "./combine";
import { defaultEvaluationSettings, evaluateDetections } from "./evaluate";
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
    expect(byKey.maxLatencyMs).toMatchObject({ value: 300, statistic: "p95", status: "pass" });
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
