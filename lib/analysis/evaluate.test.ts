/**
 * Sightline's own evaluation: counts against the brute-force oracle on random inputs, and the
 * rules of DESIGN §4 on small cases written out (re-triggers, n/a ratios, nearest rank,
 * negatives, classes).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultEvaluationSettings, evaluateDetections, latencyStats, nearestRank } from "./evaluate";
import { bruteForceMatchCount } from "./testing/brute-force";
import { hopcroftKarpMatchCount } from "./testing/hopcroft-karp";

const ms = (x: number) => Math.round(x * 1000);
const gt = (onsetMs: number, offsetMs: number, cls?: string) => ({
  onsetUs: ms(onsetMs),
  offsetUs: ms(offsetMs),
  class: cls,
});
const det = (onsetMs: number, cls?: string) => ({ onsetUs: ms(onsetMs), class: cls });

describe("evaluateDetections", () => {
  it("counts as many matches as a maximum matching (oracle), on random unsorted input", () => {
    const event = fc.record({ onset: fc.integer({ min: 0, max: 5000 }), length: fc.integer({ min: 0, max: 800 }) });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 6000 }), { maxLength: 25 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 1000 }),
        (events, detections, earlyToleranceMs, matchWindowMs) => {
          const reference = events.map((e) => gt(e.onset, e.onset + e.length));
          const result = evaluateDetections(
            reference,
            detections.map((d) => det(d)),
            { ...defaultEvaluationSettings, earlyToleranceMs, matchWindowMs },
          );
          const windows = reference.map((g) => ({
            lo: g.onsetUs - ms(earlyToleranceMs),
            hi: g.onsetUs + ms(matchWindowMs),
          }));
          const expected = bruteForceMatchCount(
            detections.map((d) => ms(d)),
            windows,
          );
          expect(result.counts.tp).toBe(expected);
          expect(result.counts.fn).toBe(reference.length - expected);
          expect(result.counts.fp + result.counts.retriggers).toBe(detections.length - expected);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("gives the same result for input in any order as for the same input in time order", () => {
    // Columns of input out of order are gathered into time order (event-columns.ts); every index
    // the result names must still be the input's own. Ties keep the input's order, so the input
    // sorted stably by onset is the same problem: the results must agree pair for pair.
    const event = fc.record({
      onset: fc.integer({ min: 0, max: 3000 }),
      length: fc.integer({ min: 0, max: 900 }),
      cls: fc.constantFrom("pedestrian", "cyclist"),
      notBefore: fc.option(fc.integer({ min: -300, max: 0 })),
      deadline: fc.option(fc.integer({ min: 0, max: 600 })),
    });
    const detection = fc.record({
      onset: fc.integer({ min: 0, max: 4000 }),
      cls: fc.constantFrom(undefined, "pedestrian", "cyclist"),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.array(detection, { maxLength: 40 }), (events, dets) => {
        const reference = events.map((e) => ({
          ...gt(e.onset, e.onset + e.length, e.cls),
          notBeforeUs: e.notBefore === null ? null : ms(e.onset + e.notBefore),
          deadlineUs: e.deadline === null ? null : ms(e.onset + e.deadline),
        }));
        const detections = dets.map((d) => det(d.onset, d.cls));
        const settings = { ...defaultEvaluationSettings, durationUs: ms(5000), matchWindowMs: 400 };
        const stable = <T extends { onsetUs: number }>(list: T[]) =>
          list.map((_, i) => i).sort((a, b) => (list[a] as T).onsetUs - (list[b] as T).onsetUs || a - b);
        const gtSource = stable(reference);
        const detSource = stable(detections);
        const mixed = evaluateDetections(reference, detections, settings);
        const ordered = evaluateDetections(
          gtSource.map((i) => reference[i] as (typeof reference)[number]),
          detSource.map((j) => detections[j] as (typeof detections)[number]),
          settings,
        );
        const pairs = (list: typeof mixed.matches) =>
          list.map((m) => `${m.reference}:${m.detection}:${m.latencyMs}:${m.marginMs}`).sort();
        expect(pairs(mixed.matches)).toEqual(
          pairs(
            ordered.matches.map((m) => ({
              ...m,
              reference: gtSource[m.reference] as number,
              detection: detSource[m.detection] as number,
            })),
          ),
        );
        const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
        expect(mixed.retriggers).toEqual(sorted(ordered.retriggers.map((j) => detSource[j] as number)));
        expect(mixed.early).toEqual(sorted(ordered.early.map((j) => detSource[j] as number)));
        expect(mixed.matches.map((m) => m.reference)).toEqual(sorted(mixed.matches.map((m) => m.reference)));
        expect(mixed.counts).toEqual(ordered.counts);
        expect(mixed.latencyMs.p50).toBe(ordered.latencyMs.p50);
        expect(mixed.latencyMs.max).toBe(ordered.latencyMs.max);
        expect(mixed.latencyMs.mean ?? 0).toBeCloseTo(ordered.latencyMs.mean ?? 0, 9);
        expect(Object.keys(mixed.byClass)).toEqual(Object.keys(ordered.byClass));
        for (const [name, own] of Object.entries(mixed.byClass)) {
          expect(own.counts).toEqual(ordered.byClass[name]?.counts);
          expect(own.counts.fp).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("matches within classes as many as Hopcroft–Karp finds over all pairs", () => {
    const cls = fc.constantFrom("pedestrian", "cyclist", "car");
    fc.assert(
      fc.property(
        fc.array(fc.record({ onset: fc.integer({ min: 0, max: 3000 }), cls }), { maxLength: 30 }),
        fc.array(fc.record({ onset: fc.integer({ min: 0, max: 3500 }), cls }), { maxLength: 30 }),
        fc.constantFrom("all", "none", "some"),
        (events, found, classed) => {
          const reference = events.map((e) => gt(e.onset, e.onset + 300, e.cls));
          // Classed, unclassed, or both kinds in one list.
          const detections = found.map((d, k) =>
            det(d.onset, classed === "all" || (classed === "some" && k % 2 === 0) ? d.cls : undefined),
          );
          const settings = { ...defaultEvaluationSettings, earlyToleranceMs: 40, matchWindowMs: 400 };
          expect(evaluateDetections(reference, detections, settings).counts.tp).toBe(
            hopcroftKarpMatchCount(reference, detections, settings),
          );
        },
      ),
      { numRuns: 1200 },
    );
  });

  it("counts a second detection inside a matched event as a re-trigger, not a false positive", () => {
    const result = evaluateDetections([gt(1000, 3000)], [det(1100), det(2000), det(3500)]);
    expect(result.counts).toMatchObject({ tp: 1, fp: 1, fn: 0, retriggers: 1 });
    expect(result.retriggers).toEqual([1]);
    expect(result.matches).toEqual([{ reference: 0, detection: 0, latencyMs: 100, marginMs: null }]);
    const strict = evaluateDetections([gt(1000, 3000)], [det(1100), det(2000)], {
      ...defaultEvaluationSettings,
      retriggersAsFp: true,
    });
    expect(strict.counts).toMatchObject({ tp: 1, fp: 1, retriggers: 1 });
  });

  it("includes both window edges and says n/a for a ratio over zero", () => {
    const edges = evaluateDetections([gt(1000, 1500), gt(5000, 5500)], [det(950), det(6000)]);
    expect(edges.counts.tp).toBe(2);
    const outside = evaluateDetections([gt(1000, 1500)], [det(949.999)]);
    expect(outside.counts).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    const none = evaluateDetections([], []);
    expect(none.ratios).toMatchObject({ precision: null, recall: null, f1: null });
    const missed = evaluateDetections([gt(1000, 2000)], []);
    expect(missed.ratios).toMatchObject({ precision: null, recall: 0, f1: null });
    expect(evaluateDetections([gt(1000, 2000)], [det(9000)]).ratios.f1).toBe(0);
  });

  it("cuts the time without ground truth into negative windows", () => {
    // 10 s of video, one event 2–3 s: free time 0–2 s (2 windows of 1 s) and 3–10 s (7 windows);
    // a false detection at 5.5 s spoils one of them.
    const result = evaluateDetections([gt(2000, 3000)], [det(2100), det(5500)], {
      ...defaultEvaluationSettings,
      durationUs: 10_000_000,
    });
    expect(result.counts).toMatchObject({ tp: 1, fp: 1, tn: 8 });
    expect(result.ratios.falsePositiveRate).toBeCloseTo(1 / 9, 15);
    expect(result.ratios.accuracy).toBeCloseTo(9 / 10, 15);
    expect(result.ratios.falsePositivesPerHour).toBeCloseTo(360, 9);
  });

  it("matches classed detections only within their class; unclassed ones give recall per class", () => {
    const reference = [gt(1000, 2000, "pedestrian"), gt(1100, 2000, "cyclist")];
    const classed = evaluateDetections(reference, [det(1150, "cyclist")]);
    expect(classed.matches).toEqual([{ reference: 1, detection: 0, latencyMs: 50, marginMs: null }]);
    expect(classed.byClass.cyclist?.ratios).toMatchObject({ precision: 1, recall: 1 });
    // Mixed: the classed detection at 1.6 s could take either pedestrian; the unclassed one at
    // 0.96 s only the first. A maximum matching pairs both.
    const mixed = evaluateDetections(
      [gt(1000, 1500, "pedestrian"), gt(1500, 2000, "pedestrian")],
      [det(1600, "pedestrian"), det(960)],
    );
    expect(mixed.counts.tp).toBe(2);
    // The class's false positives are its classed detections left unmatched (none here), not its
    // detections minus its matches (1 − 2), which an unclassed match once drove below zero.
    expect(mixed.byClass.pedestrian?.counts).toMatchObject({ detections: 1, tp: 2, fp: 0 });
    expect(mixed.byClass.pedestrian?.ratios.precision).toBe(1);
    const spare = evaluateDetections(
      [gt(1000, 1500, "pedestrian")],
      [det(1010), det(1020, "pedestrian"), det(1200, "pedestrian"), det(3000, "pedestrian")],
    );
    expect(spare.byClass.pedestrian?.counts).toMatchObject({ detections: 3, tp: 1, fp: 1, retriggers: 1 });
    const gpio = evaluateDetections(reference, [det(1150)]);
    expect(gpio.counts.tp).toBe(1);
    expect(gpio.byClass.pedestrian?.ratios.precision).toBeNull();
    expect(gpio.byClass.pedestrian?.ratios.recall).toBe(1);
  });
});

describe("latency statistics", () => {
  it("uses the nearest-rank percentile and reports the share above each threshold", () => {
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(nearestRank(values, 50)).toBe(100);
    expect(nearestRank(values, 95)).toBe(190);
    expect(nearestRank(values, 99)).toBe(200);
    expect(nearestRank([], 50)).toBeNull();
    const stats = latencyStats([30, 10, 20], [15, 80]);
    expect(stats).toMatchObject({ count: 3, mean: 20, p50: 20, max: 30, shareAbove: { "15": 2 / 3, "80": 0 } });
    expect(latencyStats([]).mean).toBeNull();
  });
});
