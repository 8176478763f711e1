/**
 * The test oracle: maximum bipartite matching by augmenting paths (Kuhn's algorithm) over every
 * point–window pair, with no assumption on the windows. Quadratic and slow on purpose: it checks
 * the product's sweep, it is not the product.
 */
import type { Window } from "../match";

export function bruteForceMatchCount(points: readonly number[], windows: readonly Window[]): number {
  const adjacency = points.map((p) => windows.flatMap((w, index) => (w.lo <= p && p <= w.hi ? [index] : [])));
  const windowOwner = new Int32Array(windows.length).fill(-1);
  let count = 0;
  for (let point = 0; point < points.length; point++) {
    const seen = new Uint8Array(windows.length);
    const augment = (p: number): boolean => {
      for (const w of adjacency[p] ?? []) {
        if (seen[w]) continue;
        seen[w] = 1;
        const owner = windowOwner[w] as number;
        if (owner === -1 || augment(owner)) {
          windowOwner[w] = p;
          return true;
        }
      }
      return false;
    };
    if (augment(point)) count++;
  }
  return count;
}
