/**
 * The paired statistics against reference values (scripts/reference/paired_reference.py wrote
 * lib/stats/testing/paired-values.json): 400 random paired tables, McNemar's exact p-value from
 * statsmodels and Newcombe's interval from the formula of DESIGN §10 over statsmodels' Wilson
 * limits, each to 1e-9 (the interval's ends to 1e-7). The bootstrap is checked for what it promises: the same seed gives the
 * same interval, and the interval of a known sampling distribution covers its truth.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../seeded-random";
import { bootstrapInterval, mcnemarExact, pairedRecallDifference, phiOf } from "./paired";

type Table = {
  both: number;
  a_only: number;
  b_only: number;
  neither: number;
  level: number;
  recall_a: number;
  recall_b: number;
  diff: number;
  diff_ci: [number, number];
  mcnemar_p: number;
};
const reference: { paired_tables: Table[] } = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "testing/paired-values.json"), "utf8"),
);
const close = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-9;

describe("paired comparison against statsmodels and the formula of DESIGN §10", () => {
  it("McNemar's exact p-value", () => {
    expect(reference.paired_tables.length).toBe(400);
    for (const t of reference.paired_tables) {
      expect(close(mcnemarExact(t.a_only, t.b_only), t.mcnemar_p), JSON.stringify(t)).toBe(true);
    }
  });

  it("Newcombe's paired interval of recall B − A", () => {
    for (const t of reference.paired_tables) {
      const got = pairedRecallDifference(
        { both: t.both, aOnly: t.a_only, bOnly: t.b_only, neither: t.neither },
        t.level,
      );
      expect(got, JSON.stringify(t)).not.toBeNull();
      if (!got) continue;
      expect(close(got.a, t.recall_a) && close(got.b, t.recall_b) && close(got.diff, t.diff), JSON.stringify(t)).toBe(
        true,
      );
      // The reference evaluates the radicands as DESIGN writes them; at φ = 1 their rounding
      // (~1e-17) has a root of ~1e-8, which the rewritten form here does not have.
      const near = (x: number, y: number) => Math.abs(x - y) <= 1e-7;
      expect(near(got.interval[0], t.diff_ci[0]) && near(got.interval[1], t.diff_ci[1]), JSON.stringify(t)).toBe(true);
      expect(got.interval[0]).toBeLessThanOrEqual(got.diff + 1e-12);
      expect(got.interval[1]).toBeGreaterThanOrEqual(got.diff - 1e-12);
    }
  });

  it("no events: no difference; no discordance: p = 1; φ of an empty margin is 0", () => {
    expect(pairedRecallDifference({ both: 0, aOnly: 0, bOnly: 0, neither: 0 }, 0.95)).toBeNull();
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(phiOf({ both: 5, aOnly: 0, bOnly: 0, neither: 0 })).toBe(0);
    // One discordant pair either way: p = 2 · ½ = 1; 0 vs 10: 2 · 2⁻¹⁰.
    expect(mcnemarExact(1, 0)).toBe(1);
    expect(close(mcnemarExact(0, 10), 2 / 1024)).toBe(true);
  });
});

describe("bootstrap over clusters", () => {
  const clusters = Array.from({ length: 40 }, (_, i) => i % 7);
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  it("is reproducible from its seed and differs between seeds", () => {
    const run = (seed: number) =>
      bootstrapInterval(clusters, mean, { level: 0.95, resamples: 500, random: seededRandom(seed) }).interval;
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("covers the mean of a normal sample about as often as its level says", () => {
    const random = seededRandom(3);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const sample = Array.from({ length: 50 }, normal);
      const [lo, hi] = bootstrapInterval(sample, mean, { level: 0.9, resamples: 400, random }).interval;
      if (lo !== null && hi !== null && lo <= 0 && 0 <= hi) covered++;
    }
    // 90 % nominal; the percentile bootstrap runs a little short at n = 50.
    expect(covered / trials).toBeGreaterThan(0.8);
    expect(covered / trials).toBeLessThan(0.97);
  });

  it("has open ends when the statistic is undefined on the resamples", () => {
    expect(bootstrapInterval([1, 2, 3], () => null, { level: 0.95, resamples: 50, random: seededRandom(1) })).toEqual({
      interval: [null, null],
      defined: 0,
    });
    expect(bootstrapInterval([], mean, { level: 0.95, resamples: 50, random: seededRandom(1) }).defined).toBe(0);
  });
});
