/**
 * Events with windows of their own (DESIGN §13: `not_before`, `deadline`) through the whole
 * evaluation, against a brute-force matcher on random cases: windows that nest and overlap,
 * detections exactly on a bound, classed and unclassed detections together. The count of a
 * maximum matching is unique, so Sightline's must equal the oracle's; every pair must be valid.
 * Margins and early activations are recomputed here from their definitions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DetectionEvent, evaluateDetections, type GroundTruthEvent } from "./evaluate";

const settings = { earlyToleranceMs: 2, matchWindowMs: 10, retriggersAsFp: false };
const ms = 1000;

/** The window an event may be matched in, in µs, as DESIGN §13 states it. */
const windowOf = (g: GroundTruthEvent) => ({
  lo: g.notBeforeUs ?? g.onsetUs - settings.earlyToleranceMs * ms,
  hi: g.deadlineUs ?? g.onsetUs + settings.matchWindowMs * ms,
});
const compatible = (g: GroundTruthEvent, d: DetectionEvent) => d.class == null || d.class === g.class;

/** Maximum bipartite matching by augmenting paths over every allowed pair. */
function oracle(reference: GroundTruthEvent[], detections: DetectionEvent[]): number {
  const owner = new Int32Array(reference.length).fill(-1);
  let count = 0;
  for (let j = 0; j < detections.length; j++) {
    const seen = new Uint8Array(reference.length);
    const augment = (d: number): boolean => {
      const det = detections[d] as DetectionEvent;
      for (let i = 0; i < reference.length; i++) {
        const g = reference[i] as GroundTruthEvent;
        const w = windowOf(g);
        if (seen[i] || !compatible(g, det) || det.onsetUs < w.lo || det.onsetUs > w.hi) continue;
        seen[i] = 1;
        if (owner[i] === -1 || augment(owner[i] as number)) {
          owner[i] = d;
          return true;
        }
      }
      return false;
    };
    if (augment(j)) count++;
  }
  return count;
}

const t = fc.integer({ min: 0, max: 80 }).map((x) => x * ms);
const event = fc
  .record({
    onset: t,
    length: fc.integer({ min: 0, max: 15 }),
    cls: fc.constantFrom("pedestrian", "cyclist"),
    notBefore: fc.option(fc.integer({ min: -10, max: 5 }), { nil: null }),
    deadline: fc.option(fc.integer({ min: 0, max: 25 }), { nil: null }),
  })
  .map(
    ({ onset, length, cls, notBefore, deadline }): GroundTruthEvent => ({
      onsetUs: onset,
      offsetUs: onset + length * ms,
      class: cls,
      notBeforeUs: notBefore === null ? null : onset + notBefore * ms,
      deadlineUs: deadline === null ? null : onset + deadline * ms,
    }),
  );
const detection = fc
  .record({ at: t, cls: fc.constantFrom<string | null>(null, null, "pedestrian", "cyclist") })
  .map(({ at, cls }): DetectionEvent => ({ onsetUs: at, class: cls }));

describe("events with windows of their own", () => {
  it("matches one to one, maximum, inside each event's window (inclusive), on random cases", () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 14 }),
        fc.array(detection, { maxLength: 14 }),
        (reference, detections) => {
          const result = evaluateDetections(reference, detections, settings);
          expect(result.counts.tp).toBe(oracle(reference, detections));
          expect(new Set(result.matches.map((m) => m.detection)).size).toBe(result.matches.length);
          expect(new Set(result.matches.map((m) => m.reference)).size).toBe(result.matches.length);
          for (const m of result.matches) {
            const g = reference[m.reference] as GroundTruthEvent;
            const d = detections[m.detection] as DetectionEvent;
            const w = windowOf(g);
            expect(compatible(g, d) && w.lo <= d.onsetUs && d.onsetUs <= w.hi).toBe(true);
            expect(m.marginMs).toBe(g.deadlineUs == null ? null : (g.deadlineUs - d.onsetUs) / ms);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("counts early activations from their definition", () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 8 }),
        fc.array(detection, { maxLength: 12 }),
        (reference, detections) => {
          const result = evaluateDetections(reference, detections, settings);
          const matched = new Set(result.matches.map((m) => m.detection));
          const retriggers = new Set(result.retriggers);
          const order = reference
            .map((g, i) => ({ g, i }))
            .sort((a, b) => a.g.onsetUs - b.g.onsetUs || a.i - b.i)
            .map((x) => x.g);
          const expected = new Set<number>();
          let lower = Number.NEGATIVE_INFINITY;
          for (const g of order) {
            if (g.notBeforeUs != null) {
              detections.forEach((d, j) => {
                if (matched.has(j) || retriggers.has(j) || !compatible(g, d)) return;
                if (d.onsetUs >= lower && d.onsetUs < (g.notBeforeUs as number)) expected.add(j);
              });
            }
            lower = Math.max(lower, g.offsetUs, windowOf(g).hi);
          }
          expect([...result.early].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
          // Early activations are false positives too (never matched, never re-triggers).
          expect(result.counts.fp).toBeGreaterThanOrEqual(result.early.length);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("takes exact bounds: a detection on not_before or on the deadline matches; a microsecond outside does not", () => {
    const g: GroundTruthEvent = {
      onsetUs: 5_000_000,
      offsetUs: 9_000_000,
      class: "cyclist",
      notBeforeUs: 6_000_000,
      deadlineUs: 7_500_000,
    };
    const at = (us: number) => evaluateDetections([g], [{ onsetUs: us }], settings);
    expect(at(6_000_000).counts.tp).toBe(1);
    expect(at(7_500_000).matches[0]?.marginMs).toBe(0);
    expect(at(5_999_999).counts.tp).toBe(0);
    expect(at(5_999_999).early).toEqual([0]);
    expect(at(7_500_001).counts.tp).toBe(0);
    expect(at(7_500_001).early).toEqual([]);
    expect(at(6_200_000).matches[0]?.marginMs).toBe(1300);
  });

  it("keeps the project's window where an event has none, and the time order there", () => {
    const reference: GroundTruthEvent[] = [
      { onsetUs: 0, offsetUs: 1000, class: "pedestrian" },
      { onsetUs: 3000, offsetUs: 4000, class: "pedestrian" },
    ];
    const result = evaluateDetections(reference, [{ onsetUs: 3500 }, { onsetUs: 500 }], settings);
    expect(result.matches.map((m) => [m.reference, m.detection, m.marginMs])).toEqual([
      [0, 1, null],
      [1, 0, null],
    ]);
  });
});
