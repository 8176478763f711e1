/**
 * One-to-one, maximum-cardinality matching of points (event times) to windows, where every
 * window's bounds rise with its position: sorted by their low bound, windows are also sorted by
 * their high bound. That holds for every window Sightline and its peers use (the same width
 * around each event), and it makes the matching a greedy sweep instead of a bipartite search.
 *
 * The sweep takes points in time order and gives each the open window that closes first (the
 * earliest one, as the bounds rise together). A window that closes first can only be needed by
 * fewer later points than any other open one, so the exchange argument of interval scheduling
 * makes the result maximum. Among maximum matchings it is the one in time order: the i-th
 * matched window gets the i-th matched point, and each point the earliest window it can take.
 *
 * O(n log n) for the sorts (linear for input already in order), O(n) for the sweep. Pure: no I/O.
 */
import { sortedOrder } from "./sort";

export type Window = { lo: number; hi: number };
export type Pair = { window: number; point: number };

/**
 * The sweep over typed arrays. `pointOrder` and `windowOrder` list the points and windows taking
 * part, in ascending order of point and of window low bound (other indices are left out).
 * Writes `windowOfPoint[p] = w` and `pointOfWindow[w] = p` for each pair; both start at -1 and a
 * window already taken (≥ 0) is skipped, so successive sweeps can share them.
 */
export function sweep(
  points: ArrayLike<number>,
  pointOrder: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  windowOrder: ArrayLike<number>,
  windowOfPoint: Int32Array,
  pointOfWindow: Int32Array,
): number {
  // Open windows, in order of closing: a queue over windowOrder between `head` and `next`.
  let head = 0;
  let next = 0;
  let lastHi = Number.NEGATIVE_INFINITY;
  let matched = 0;
  const windows = windowOrder.length;
  for (let k = 0; k < pointOrder.length; k++) {
    const pointIndex = pointOrder[k] as number;
    const p = points[pointIndex] as number;
    while (next < windows && (lo[windowOrder[next] as number] as number) <= p) {
      const h = hi[windowOrder[next] as number] as number;
      if (h < lastHi) throw new Error("window bounds must rise together for the sweep");
      lastHi = h;
      next++;
    }
    // Windows that closed before this point, or were taken, leave the queue.
    while (head < next) {
      const index = windowOrder[head] as number;
      if ((pointOfWindow[index] as number) >= 0 || (hi[index] as number) < p) head++;
      else break;
    }
    if (head < next) {
      const index = windowOrder[head] as number;
      pointOfWindow[index] = pointIndex;
      windowOfPoint[pointIndex] = index;
      head++;
      matched++;
    }
  }
  return matched;
}

/**
 * Matches points to windows (both given in any order; indices in the result are into the inputs,
 * pairs in order of the point's time). A point p may take a window w when w.lo <= p <= w.hi (both
 * inclusive). Windows must rise together: the sweep checks it and throws, since a wrong answer
 * would be silent otherwise.
 */
export function matchPointsToWindows(points: ArrayLike<number>, windows: readonly Window[]): Pair[] {
  const lo = Float64Array.from(windows, (w) => w.lo);
  const hi = Float64Array.from(windows, (w) => w.hi);
  const pointOrder = sortedOrder(points);
  const windowOfPoint = new Int32Array(points.length).fill(-1);
  const pointOfWindow = new Int32Array(windows.length).fill(-1);
  sweep(points, pointOrder, lo, hi, sortedOrder(lo), windowOfPoint, pointOfWindow);
  const pairs: Pair[] = [];
  for (const point of pointOrder) {
    const window = windowOfPoint[point] as number;
    if (window >= 0) pairs.push({ window, point });
  }
  return pairs;
}
