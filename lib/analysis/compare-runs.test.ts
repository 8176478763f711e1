/**
 * The comparison of two runs built on random paired outcomes: the table, recall and latency
 * figures against direct counts and sorts, the bootstrap's unit and reproducibility, the false
 * positives' Garwood intervals, and the regression gate's three answers.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../seeded-random";
import { poissonRateInterval } from "../stats/intervals";
import { mcnemarExact, pairedRecallDifference } from "../stats/paired";
import { type ClusterInfo, compareRuns, type PairedEvent } from "./compare-runs";
import { regressionGate } from "./regression-gate";

function randomRuns(seed: number, videos: number, perVideo: number, drop = 0) {
  const random = seededRandom(seed);
  const events: PairedEvent[] = [];
  const clusters: ClusterInfo[] = [];
  for (let v = 0; v < videos; v++) {
    const id = `video-${v}`;
    clusters.push({
      id,
      label: `${id}.mp4`,
      hours: 0.01 + random() * 0.02,
      falsePositives: { a: Math.floor(random() * 3), b: Math.floor(random() * 3) },
    });
    for (let i = 0; i < perVideo; i++) {
      const a = random() < 0.9 ? Math.round(40 + random() * 100) : null;
      const b = random() < 0.9 - drop ? Math.round(40 + random() * 100) : null;
      events.push({ reference: `${id}/${i}`, cluster: id, a, b });
    }
  }
  return { events, clusters };
}

const nearest = (xs: number[], p: number) => {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted.length ? sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] : null;
};

describe("compareRuns", () => {
  it("counts, recall and latency agree with direct computation", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { events, clusters } = randomRuns(seed, 1 + (seed % 6), 3 + seed);
      const c = compareRuns(events, clusters, { level: 0.9, seed, resamples: 300 });
      const both = events.filter((e) => e.a !== null && e.b !== null).length;
      const aOnly = events.filter((e) => e.a !== null && e.b === null).length;
      const bOnly = events.filter((e) => e.a === null && e.b !== null).length;
      expect(c.paired).toEqual({ both, a_only: aOnly, b_only: bOnly, neither: events.length - both - aOnly - bOnly });
      expect(c.mcnemar_p).toBe(mcnemarExact(aOnly, bOnly));
      const d = pairedRecallDifference({ both, aOnly, bOnly, neither: events.length - both - aOnly - bOnly }, 0.9);
      expect(c.recall.diff_ci).toEqual(d?.interval);
      const la = events.flatMap((e) => (e.a === null ? [] : [e.a]));
      const lb = events.flatMap((e) => (e.b === null ? [] : [e.b]));
      expect(c.latency_ms.p50_a).toBe(nearest(la, 50));
      expect(c.latency_ms.p95_b).toBe(nearest(lb, 95));
      expect(c.latency_ms.p95_diff).toBe((nearest(lb, 95) as number) - (nearest(la, 95) as number));
      expect(c.changed.length).toBe(aOnly + bOnly);
      expect(c.changed.filter((x) => x.in === "a").length).toBe(aOnly);
      expect(c.bootstrap.unit).toBe(clusters.length >= 2 ? "video" : "event");
      expect(c.per_cluster.reduce((s, v) => s + v.events, 0)).toBe(events.length);
      expect(c.per_cluster.reduce((s, v) => s + v.changed, 0)).toBe(aOnly + bOnly);
      const [lo, hi] = c.latency_ms.p95_diff_ci ?? [null, null];
      if (lo !== null && hi !== null) expect(lo).toBeLessThanOrEqual(hi);
    }
  });

  it("the bootstrap is reproducible from its seed", () => {
    const { events, clusters } = randomRuns(5, 8, 20);
    const one = compareRuns(events, clusters, { level: 0.95, seed: 42, resamples: 500 });
    const two = compareRuns(events, clusters, { level: 0.95, seed: 42, resamples: 500 });
    const other = compareRuns(events, clusters, { level: 0.95, seed: 43, resamples: 500 });
    expect(one.latency_ms.p95_diff_ci).toEqual(two.latency_ms.p95_diff_ci);
    expect(one.latency_ms.p95_diff_ci).not.toEqual(other.latency_ms.p95_diff_ci);
    expect(one.bootstrap).toEqual({ seed: 42, resamples: 500, unit: "video", clusters: 8, level: 0.95 });
  });

  it("false positives per hour carry Garwood intervals over the clusters' hours", () => {
    const { events, clusters } = randomRuns(9, 4, 10);
    const c = compareRuns(events, clusters, { level: 0.95, seed: 1, resamples: 100 });
    const hours = clusters.reduce((s, x) => s + (x.hours ?? 0), 0);
    const fpB = clusters.reduce((s, x) => s + x.falsePositives.b, 0);
    expect(c.false_positives.hours).toBeCloseTo(hours, 12);
    expect(c.false_positives.per_hour_b).toBeCloseTo(fpB / hours, 9);
    expect(c.false_positives.per_hour_b_ci).toEqual(poissonRateInterval(fpB, c.false_positives.hours ?? 0, 0.95));
    // A cluster of unknown length leaves the rate undefined rather than too high.
    const unknown = compareRuns(events, [
      ...clusters,
      { id: "x", label: "x", hours: null, falsePositives: { a: 1, b: 1 } },
    ]);
    expect(unknown.false_positives.per_hour_a).toBeNull();
  });

  it("no shared events: nothing defined, nothing thrown", () => {
    const c = compareRuns([], []);
    expect(c.recall).toEqual({ a: null, b: null, diff: null, diff_ci: null });
    expect(c.mcnemar_p).toBe(1);
    expect(c.latency_ms.p95_diff_ci).toBeNull();
    expect(regressionGate(c, { maxRecallDrop: 0.05, maxP95IncreaseMs: 20 }).verdict).toBe("inconclusive");
  });
});

describe("regression gate", () => {
  const gate = { maxRecallDrop: 0.05, maxP95IncreaseMs: 20 };

  it("a large drop in recall on many events is a regression", () => {
    const { events, clusters } = randomRuns(11, 20, 60, 0.3);
    const result = regressionGate(compareRuns(events, clusters), gate);
    expect(result.recall.verdict).toBe("regression");
    expect(result.verdict).toBe("regression");
  });

  it("the same firmware on many events is no regression", () => {
    const { events, clusters } = randomRuns(12, 20, 200, 0);
    const c = compareRuns(events, clusters);
    const result = regressionGate(c, gate);
    expect(result.recall.verdict, result.recall.reason).toBe("no regression");
    expect(result.latency?.verdict, result.latency?.reason).toBe("no regression");
    expect(result.verdict).toBe("no regression");
  });

  it("a few events settle nothing", () => {
    const { events, clusters } = randomRuns(13, 2, 5, 0);
    expect(regressionGate(compareRuns(events, clusters), gate).verdict).toBe("inconclusive");
  });

  it("a slower B is a latency regression; without ε latency is not gated", () => {
    const { events, clusters } = randomRuns(14, 20, 100, 0);
    const slower = events.map((e) => ({ ...e, b: e.b === null ? null : e.b + 80 }));
    const c = compareRuns(slower, clusters);
    expect(regressionGate(c, gate).latency?.verdict).toBe("regression");
    expect(regressionGate(c, gate).verdict).toBe("regression");
    const ungated = regressionGate(c, { maxRecallDrop: 0.05, maxP95IncreaseMs: null });
    expect(ungated.latency).toBeNull();
    expect(ungated.verdict).toBe(ungated.recall.verdict);
  });
});
