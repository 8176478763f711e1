/**
 * One-to-one, maximum-cardinality matching of points (event times) to windows. Where every
 * window's bounds rise with its position (sorted by their low bound, windows are also sorted by
 * their high bound) — as for the same width around each event — the open windows form a queue
 * and the matching is a linear sweep. Windows of their own (DESIGN §13: an event's `not_before`
 * and `deadline`) need not rise together: then the open windows sit in a heap ordered by their
 * high bound (`sweepAny`), the same greedy rule at O(n log n).
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

/** Whether the windows listed in `windowOrder` (ascending low bound) have rising high bounds too. */
export function windowsRise(hi: ArrayLike<number>, windowOrder: ArrayLike<number>): boolean {
  for (let k = 1; k < windowOrder.length; k++) {
    if ((hi[windowOrder[k] as number] as number) < (hi[windowOrder[k - 1] as number] as number)) return false;
  }
  return true;
}

/**
 * The sweep for windows of any bounds, with the arguments and result of `sweep`. Points in time
 * order; each takes, of the open windows that hold it and are free, the one that closes first
 * (ties: the one that opened first, then the lower index). A window that closes first can only be
 * needed by fewer later points than any other open one, so the result is maximum; it is the queue
 * sweep's result wherever windows rise together.
 */
export function sweepAny(
  points: ArrayLike<number>,
  pointOrder: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  windowOrder: ArrayLike<number>,
  windowOfPoint: Int32Array,
  pointOfWindow: Int32Array,
): number {
  // A binary min-heap of positions in windowOrder, keyed by (high bound, position).
  const heap = new Int32Array(windowOrder.length);
  let size = 0;
  const hiAt = (k: number) => hi[windowOrder[k] as number] as number;
  const less = (a: number, b: number) => hiAt(a) < hiAt(b) || (hiAt(a) === hiAt(b) && a < b);
  const push = (k: number) => {
    let i = size++;
    heap[i] = k;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i] as number, heap[parent] as number)) break;
      const t = heap[i] as number;
      heap[i] = heap[parent] as number;
      heap[parent] = t;
      i = parent;
    }
  };
  const pop = () => {
    heap[0] = heap[--size] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < size && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) break;
      const t = heap[i] as number;
      heap[i] = heap[m] as number;
      heap[m] = t;
      i = m;
    }
  };
  let next = 0;
  let matched = 0;
  for (let k = 0; k < pointOrder.length; k++) {
    const pointIndex = pointOrder[k] as number;
    const p = points[pointIndex] as number;
    while (next < windowOrder.length && (lo[windowOrder[next] as number] as number) <= p) push(next++);
    while (size > 0) {
      const index = windowOrder[heap[0] as number] as number;
      if ((pointOfWindow[index] as number) >= 0 || (hi[index] as number) < p) pop();
      else break;
    }
    if (size > 0) {
      const index = windowOrder[heap[0] as number] as number;
      pop();
      pointOfWindow[index] = pointIndex;
      windowOfPoint[pointIndex] = index;
      matched++;
    }
  }
  return matched;
}

/**
 * Matches points to windows (both given in any order; indices in the result are into the inputs,
 * pairs in order of the point's time). A point p may take a window w when w.lo <= p <= w.hi (both
 * inclusive).
 */
export function matchPointsToWindows(points: ArrayLike<number>, windows: readonly Window[]): Pair[] {
  const lo = Float64Array.from(windows, (w) => w.lo);
  const hi = Float64Array.from(windows, (w) => w.hi);
  const pointOrder = sortedOrder(points);
  const windowOfPoint = new Int32Array(points.length).fill(-1);
  const pointOfWindow = new Int32Array(windows.length).fill(-1);
  const windowOrder = sortedOrder(lo);
  (windowsRise(hi, windowOrder) ? sweep : sweepAny)(
    points,
    pointOrder,
    lo,
    hi,
    windowOrder,
    windowOfPoint,
    pointOfWindow,
  );
  const pairs: Pair[] = [];
  for (const point of pointOrder) {
    const window = windowOfPoint[point] as number;
    if (window >= 0) pairs.push({ window, point });
  }
  return pairs;
}
