/**
 * The sweep against the brute-force oracle on random inputs: ties, equal timestamps, points on
 * the windows' edges, empty lists and unsorted input. The count of a maximum matching is unique,
 * so the two must agree exactly; the sweep's pairs must also be valid and in time order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchPointsToWindows } from "./match";
import { bruteForceMatchCount } from "./testing/brute-force";

// Small integer times make ties, equal timestamps and edge hits common.
const times = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 30 });
const widths = fc.record({ early: fc.integer({ min: 0, max: 6 }), late: fc.integer({ min: 0, max: 12 }) });

describe("matchPointsToWindows", () => {
  it("finds a maximum matching, as the oracle counts it", () => {
    fc.assert(
      fc.property(times, times, widths, (onsets, points, { early, late }) => {
        const windows = onsets.map((t) => ({ lo: t - early, hi: t + late }));
        const pairs = matchPointsToWindows(points, windows);
        expect(pairs.length).toBe(bruteForceMatchCount(points, windows));
      }),
      { numRuns: 2000 },
    );
  });

  it("pairs each point with a window that holds it, one to one, in time order", () => {
    fc.assert(
      fc.property(times, times, widths, (onsets, points, { early, late }) => {
        const windows = onsets.map((t) => ({ lo: t - early, hi: t + late }));
        const pairs = matchPointsToWindows(points, windows);
        expect(new Set(pairs.map((p) => p.window)).size).toBe(pairs.length);
        expect(new Set(pairs.map((p) => p.point)).size).toBe(pairs.length);
        for (const { window, point } of pairs) {
          const w = windows[window];
          const p = points[point] as number;
          expect(w && w.lo <= p && p <= w.hi).toBe(true);
        }
        const byPoint = [...pairs].sort((a, b) => (points[a.point] as number) - (points[b.point] as number));
        for (let i = 1; i < byPoint.length; i++) {
          const prev = windows[(byPoint[i - 1] as { window: number }).window]?.lo as number;
          expect(windows[(byPoint[i] as { window: number }).window]?.lo).toBeGreaterThanOrEqual(prev);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("handles empty lists, and windows that do not rise together", () => {
    expect(matchPointsToWindows([], [{ lo: 0, hi: 1 }])).toEqual([]);
    expect(matchPointsToWindows([1], [])).toEqual([]);
    // The nested window closes first: the point at 2 must take it, leaving the wide one for 9.
    expect(
      matchPointsToWindows(
        [2, 9],
        [
          { lo: 0, hi: 10 },
          { lo: 1, hi: 2 },
        ],
      ),
    ).toEqual([
      { window: 1, point: 0 },
      { window: 0, point: 1 },
    ]);
  });

  it("finds a maximum matching for windows of any bounds (events' own windows), as the oracle counts it", () => {
    const window = fc
      .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 }))
      .map(([lo, width]) => ({ lo, hi: lo + width }));
    fc.assert(
      fc.property(fc.array(window, { maxLength: 30 }), times, (windows, points) => {
        const pairs = matchPointsToWindows(points, windows);
        expect(pairs.length).toBe(bruteForceMatchCount(points, windows));
        expect(new Set(pairs.map((p) => p.window)).size).toBe(pairs.length);
        for (const { window: w, point } of pairs) {
          const p = points[point] as number;
          expect((windows[w]?.lo as number) <= p && p <= (windows[w]?.hi as number)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
