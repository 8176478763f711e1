/**
 * The intervals and plans against reference values from statsmodels and scipy
 * (scripts/reference/stats_reference.py wrote lib/stats/testing/reference-values.json): 300
 * proportions (Wilson and Clopper–Pearson at random levels), 120 Garwood rates, 150
 * order-statistic rank pairs, 72 evidence plans, each to 1e-9, and
 * 63 Student's t quantiles to 1e-7 (relative: the log-gamma in the incomplete beta limits them).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalQuantile, studentTQuantile } from "./distributions";
import {
  type IntervalMethod,
  percentileInterval,
  poissonRateInterval,
  proportionInterval,
  quantileRanks,
} from "./intervals";
import { eventsNeeded, evidencePlan } from "./sample-size";

type Reference = {
  proportions: { k: number; n: number; level: number; method: IntervalMethod; interval: [number, number] }[];
  poisson_rates: { count: number; exposure: number; level: number; interval: [number, number] }[];
  quantile_ranks: { n: number; p: number; level: number; ranks: [number | null, number | null] }[];
  plans: { min_recall: number; confidence: number; misses: number; events: number }[];
  normal_quantiles: { p: number; z: number }[];
  t_quantiles: { p: number; df: number; t: number }[];
};
const reference: Reference = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "testing/reference-values.json"), "utf8"),
);

/** Absolute for values up to 1, relative beyond (rates per hour can be large). */
const close = (actual: number | null | undefined, expected: number) =>
  actual !== null && actual !== undefined && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));

describe("intervals against statsmodels and scipy", () => {
  it("normal quantiles", () => {
    for (const { p, z } of reference.normal_quantiles) expect(close(normalQuantile(p), z), `p=${p}`).toBe(true);
  });

  it("Student's t quantiles (the calibration's interval of the mean)", () => {
    expect(reference.t_quantiles.length).toBeGreaterThanOrEqual(60);
    for (const { p, df, t } of reference.t_quantiles) {
      expect(Math.abs(studentTQuantile(p, df) - t), `p=${p} df=${df}`).toBeLessThanOrEqual(
        1e-7 * Math.max(1, Math.abs(t)),
      );
    }
  });

  it("proportions: Wilson and Clopper–Pearson", () => {
    expect(reference.proportions.length).toBeGreaterThanOrEqual(200);
    const wrong = reference.proportions.filter((c) => {
      const got = proportionInterval(c.k, c.n, c.level, c.method);
      return !got || !close(got[0], c.interval[0]) || !close(got[1], c.interval[1]);
    });
    expect(wrong).toEqual([]);
  });

  it("false positives per hour: Garwood's exact Poisson interval", () => {
    const wrong = reference.poisson_rates.filter((c) => {
      const got = poissonRateInterval(c.count, c.exposure, c.level);
      return !got || !close(got[0], c.interval[0]) || !close(got[1], c.interval[1]);
    });
    expect(wrong).toEqual([]);
  });

  it("percentiles: the order statistics that bound them", () => {
    const wrong = reference.quantile_ranks.filter((c) => {
      const got = quantileRanks(c.n, c.p, c.level);
      return got[0] !== c.ranks[0] || got[1] !== c.ranks[1];
    });
    expect(wrong).toEqual([]);
    // The ranks pick values of the sorted sample; too few values leave a bound open.
    expect(percentileInterval([10, 20, 30], 95, 0.95)).toEqual([20, null]);
    expect(percentileInterval([], 50, 0.95)).toBeNull();
  });

  it("evidence plans against the binomial rule", () => {
    const wrong = reference.plans.filter((c) => eventsNeeded(c.min_recall, c.confidence, c.misses) !== c.events);
    expect(wrong).toEqual([]);
    expect(evidencePlan(0.95, 0.95, 2)).toEqual([
      { misses: 0, events: 59 },
      { misses: 1, events: 93 },
      { misses: 2, events: 124 },
    ]);
  });

  it("say nothing where the ratio is undefined", () => {
    expect(proportionInterval(0, 0, 0.95)).toBeNull();
    expect(poissonRateInterval(3, 0, 0.95)).toBeNull();
  });
});
