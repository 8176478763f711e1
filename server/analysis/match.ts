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
 * O(n log n) for the sorts, O(n) for the sweep. Pure: no I/O.
 */

export type Window = { lo: number; hi: number };
export type Pair = { window: number; point: number };

/** Indices of `values` in ascending order of value, ties by index (a stable order). */
export function sortedOrder(values: ArrayLike<number>): Int32Array {
  const order = new Int32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  return order;
}

/**
 * Matches points to windows (both given in any order; indices in the result are into the inputs).
 * A point p may take a window w when w.lo <= p <= w.hi (both inclusive). Windows must rise
 * together: the sweep checks it and throws, since a wrong answer would be silent otherwise.
 */
export function matchPointsToWindows(points: ArrayLike<number>, windows: readonly Window[]): Pair[] {
  const pointOrder = sortedOrder(points);
  const windowOrder = sortedOrder(windows.map((w) => w.lo));
  // Open windows, in order of closing: a queue over windowOrder between `head` and `next`.
  let head = 0;
  let next = 0;
  let lastHi = Number.NEGATIVE_INFINITY;
  const taken = new Uint8Array(windows.length);
  const pairs: Pair[] = [];
  for (const pointIndex of pointOrder) {
    const p = points[pointIndex] as number;
    while (next < windowOrder.length && (windows[windowOrder[next] as number] as Window).lo <= p) {
      const w = windows[windowOrder[next] as number] as Window;
      if (w.hi < lastHi) throw new Error("matchPointsToWindows: window bounds must rise together");
      lastHi = w.hi;
      next++;
    }
    // Windows that closed before this point, or were taken, leave the queue.
    while (head < next) {
      const index = windowOrder[head] as number;
      if (taken[index] || (windows[index] as Window).hi < p) head++;
      else break;
    }
    if (head < next) {
      const index = windowOrder[head] as number;
      taken[index] = 1;
      head++;
      pairs.push({ window: index, point: pointIndex });
    }
  }
  return pairs;
}
