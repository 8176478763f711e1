/**
 * A rig's display latency from a calibration session (DESIGN §12): each rising edge of the
 * calibration signal (a photodiode on the patch, or the camera) is paired with the flash whose
 * window holds it — from 100 ms before the flash to 500 ms after; the flashes are at least 600 ms
 * apart (flash-schedule.ts), so windows never overlap and a pairing is never ambiguous. The first
 * edge in a window is the flash's; more edges there, and edges in no window, are counted as extra.
 *
 * Latency = edge's video time − flash's presentation time. Reported: mean, SD, p95 (nearest rank),
 * the mean's 95 % interval (Student's t), and drift — the least-squares slope of latency against
 * the flash's time, in ppm: positive when the picture falls further behind the player's clock as
 * the video plays. The mean is the correction applied to a run's latencies; the half-width of its
 * interval is the correction's uncertainty. Pure.
 */
import { nearestRank } from "../analysis/evaluate";
import { studentTQuantile } from "../stats/distributions";

const PAIRING_WINDOW_MS = { before: 100, after: 500 } as const;
const LEVEL = 0.95;

export type DisplayLatency = {
  flashes: number;
  /** Flashes with an edge in their window. */
  paired: number;
  /** Flashes without one. */
  missed: number;
  /** Edges that were not a flash's first: bounces, or outside every window. */
  extra: number;
  meanMs: number;
  sdMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  /** The mean's interval at `level` (Student's t, n − 1 degrees of freedom). */
  ciMs: [number, number];
  level: number;
  driftPpm: number | null;
  /** Each paired flash's latency, µs, in flash order (for the histogram and for audits). */
  latenciesUs: number[];
};

/** Fewer paired flashes than this (or than half of them) is not a calibration. */
const MIN_PAIRED = 10;

export class CalibrationRefused extends Error {}

export function displayLatency(flashTimesUs: readonly number[], risingEdgesUs: readonly number[]): DisplayLatency {
  const flashes = [...flashTimesUs].sort((a, b) => a - b);
  const edges = [...risingEdgesUs].sort((a, b) => a - b);
  const before = PAIRING_WINDOW_MS.before * 1000;
  const after = PAIRING_WINDOW_MS.after * 1000;
  const paired: { flashUs: number; latencyUs: number }[] = [];
  let extra = 0;
  let e = 0;
  for (const flash of flashes) {
    while (e < edges.length && (edges[e] as number) < flash - before) {
      extra++;
      e++;
    }
    let first: number | null = null;
    while (e < edges.length && (edges[e] as number) < flash + after) {
      if (first === null) first = edges[e] as number;
      else extra++;
      e++;
    }
    if (first !== null) paired.push({ flashUs: flash, latencyUs: first - flash });
  }
  extra += edges.length - e;
  const n = paired.length;
  if (n < Math.max(MIN_PAIRED, Math.ceil(flashes.length / 2))) {
    throw new CalibrationRefused(
      `only ${n} of ${flashes.length} flashes were seen (${edges.length} edges in all): check that the photodiode (or the camera) sees the patch in the top-left corner and drives the chosen line`,
    );
  }
  const ms = paired.map((p) => p.latencyUs / 1000);
  const mean = ms.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(ms.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = (studentTQuantile(1 - (1 - LEVEL) / 2, n - 1) * sd) / Math.sqrt(n);
  const sorted = Float64Array.from(ms).sort();
  return {
    flashes: flashes.length,
    paired: n,
    missed: flashes.length - n,
    extra,
    meanMs: mean,
    sdMs: sd,
    p95Ms: nearestRank(sorted, 95) as number,
    minMs: sorted[0] as number,
    maxMs: sorted[n - 1] as number,
    ciMs: [mean - half, mean + half],
    level: LEVEL,
    driftPpm: slopePpm(paired),
    latenciesUs: paired.map((p) => p.latencyUs),
  };
}

/** Least-squares slope of latency against flash time, µs per µs, × 10⁶. */
function slopePpm(points: readonly { flashUs: number; latencyUs: number }[]): number | null {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.flashUs, 0) / n;
  const my = points.reduce((s, p) => s + p.latencyUs, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.flashUs - mx) ** 2;
    sxy += (p.flashUs - mx) * (p.latencyUs - my);
  }
  return sxx === 0 ? null : (sxy / sxx) * 1e6;
}
