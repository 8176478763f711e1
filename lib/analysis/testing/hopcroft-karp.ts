/**
 * A second, independent oracle: Hopcroft–Karp maximum bipartite matching over an explicit graph
 * built from every ground-truth × detection pair (O(n·m) to build, O(E·√V) to match). It knows
 * nothing of the sweep's sorted windows; the benchmark runs it next to the product on the sizes
 * it can handle and checks that both find as many matches.
 */
import type { DetectionEvent, EvaluationSettings, GroundTruthEvent } from "../evaluate";

/** Edges from each detection to the ground truth it may match (DESIGN §4), in CSR form. */
function eligibilityGraph(
  reference: readonly GroundTruthEvent[],
  detections: readonly DetectionEvent[],
  settings: Pick<EvaluationSettings, "earlyToleranceMs" | "matchWindowMs">,
): { start: Int32Array; targets: Int32Array } {
  const early = Math.round(settings.earlyToleranceMs * 1000);
  const late = Math.round(settings.matchWindowMs * 1000);
  const start = new Int32Array(detections.length + 1);
  const targets: number[] = [];
  detections.forEach((d, j) => {
    reference.forEach((g, i) => {
      const sameClass = d.class == null || d.class === (g.class ?? "unclassified");
      if (sameClass && g.onsetUs - early <= d.onsetUs && d.onsetUs <= g.onsetUs + late) targets.push(i);
    });
    start[j + 1] = targets.length;
  });
  return { start, targets: Int32Array.from(targets) };
}

export function hopcroftKarpMatchCount(
  reference: readonly GroundTruthEvent[],
  detections: readonly DetectionEvent[],
  settings: Pick<EvaluationSettings, "earlyToleranceMs" | "matchWindowMs">,
): number {
  const { start, targets } = eligibilityGraph(reference, detections, settings);
  const left = detections.length;
  const matchLeft = new Int32Array(left).fill(-1);
  const matchRight = new Int32Array(reference.length).fill(-1);
  const layer = new Int32Array(left);
  const queue = new Int32Array(left);
  const INF = 0x7fffffff;
  let matched = 0;

  const bfs = (): boolean => {
    let head = 0;
    let tail = 0;
    for (let u = 0; u < left; u++) {
      if (matchLeft[u] === -1) {
        layer[u] = 0;
        queue[tail++] = u;
      } else layer[u] = INF;
    }
    let found = false;
    while (head < tail) {
      const u = queue[head++] as number;
      for (let e = start[u] as number; e < (start[u + 1] as number); e++) {
        const w = matchRight[targets[e] as number] as number;
        if (w === -1) found = true;
        else if (layer[w] === INF) {
          layer[w] = (layer[u] as number) + 1;
          queue[tail++] = w;
        }
      }
    }
    return found;
  };

  // Iterative DFS along the layers (augmenting paths can be as long as the input).
  const edgeAt = new Int32Array(left);
  const stack = new Int32Array(left);
  const augment = (root: number): boolean => {
    let depth = 0;
    stack[0] = root;
    edgeAt[root] = start[root] as number;
    while (depth >= 0) {
      const u = stack[depth] as number;
      if ((edgeAt[u] as number) >= (start[u + 1] as number)) {
        layer[u] = INF; // dead end for this phase
        depth--;
        continue;
      }
      const v = targets[edgeAt[u] as number] as number;
      const w = matchRight[v] as number;
      if (w === -1) {
        // Flip the path root → … → u → v.
        for (let k = depth; k >= 0; k--) {
          const x = stack[k] as number;
          const y = targets[edgeAt[x] as number] as number;
          matchRight[y] = x;
          matchLeft[x] = y;
        }
        return true;
      }
      if (layer[w] === (layer[u] as number) + 1) {
        stack[++depth] = w;
        edgeAt[w] = start[w] as number;
        continue;
      }
      edgeAt[u] = (edgeAt[u] as number) + 1;
    }
    return false;
  };

  while (bfs()) {
    for (let u = 0; u < left; u++) {
      if (matchLeft[u] === -1 && augment(u)) matched++;
    }
  }
  return matched;
}
