/**
 * One-to-one, maximum matching of detections to ground-truth events (DESIGN §4, §13) over the
 * columns of lib/analysis/event-columns.ts: each event's window (its own, or the project's), the
 * sweeps of lib/analysis/match.ts per class, and augmenting paths where classed and unclassed
 * detections mix. Pure.
 */
import { type Columns, ofClass } from "./event-columns";
import { sweep, sweepAny, windowsRise } from "./match";
import { identity, sortedOrder } from "./sort";

/**
 * Matches detections to ground truth. A classed detection matches only its class; detections
 * without a class (a GPIO edge) match any class. When both kinds occur, classed detections are
 * matched first within their class, then unclassed ones against the ground truth left, and
 * augmenting paths make the result maximum.
 * Returns the detection matched to each ground-truth event (-1: none) and the reverse.
 */
export type Matching = { detOfGt: Int32Array; gtOfDet: Int32Array; hi: Float64Array };

export function matchAll(c: Columns, settings: { earlyToleranceMs: number; matchWindowMs: number }): Matching {
  const early = Math.round(settings.earlyToleranceMs * 1000);
  const late = Math.round(settings.matchWindowMs * 1000);
  const n = c.gtOnset.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  let own = false;
  for (let i = 0; i < n; i++) {
    const notBefore = c.gtNotBefore[i] as number;
    const deadline = c.gtDeadline[i] as number;
    lo[i] = Number.isNaN(notBefore) ? (c.gtOnset[i] as number) - early : notBefore;
    hi[i] = Number.isNaN(deadline) ? (c.gtOnset[i] as number) + late : deadline;
    if (!Number.isNaN(notBefore) || !Number.isNaN(deadline)) own = true;
  }
  // With the project's window alone, windows open in onset order (the columns' order) and rise together.
  const windowOrder = own ? sortedOrder(lo) : identity(n);
  const detOrder = identity(c.detOnset.length);
  const rising = !own || windowsRise(hi, windowOrder);
  const run = rising ? sweep : sweepAny;
  const detOfGt = new Int32Array(n).fill(-1);
  const gtOfDet = new Int32Array(c.detOnset.length).fill(-1);
  let unclassed = 0;
  for (let j = 0; j < c.detClass.length; j++) if ((c.detClass[j] as number) < 0) unclassed++;
  if (unclassed < c.detClass.length) {
    for (let id = 0; id < c.classNames.length; id++) {
      const points = ofClass(detOrder, c.detClass, id);
      if (points.length === 0) continue;
      run(c.detOnset, points, lo, hi, ofClass(windowOrder, c.gtClass, id), gtOfDet, detOfGt);
    }
  }
  if (unclassed > 0) {
    const points = unclassed === c.detClass.length ? detOrder : ofClass(detOrder, c.detClass, -1);
    run(c.detOnset, points, lo, hi, windowOrder, gtOfDet, detOfGt);
  }
  if (unclassed > 0 && unclassed < c.detClass.length) {
    augmentMixed(c, windowOrder, lo, hi, rising, detOfGt, gtOfDet);
  }
  return { detOfGt, gtOfDet, hi };
}

/**
 * First position in `list` (sorted by low bound) whose window may hold x, and the last one. With
 * rising windows every window between holds x; otherwise the range is every window opened by x,
 * and the caller skips those closed before it.
 */
function windowRange(
  list: Int32Array,
  lo: Float64Array,
  hi: Float64Array,
  x: number,
  rising: boolean,
): [number, number] {
  let a = 0;
  let b = rising ? list.length : 0;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((hi[list[mid] as number] as number) < x) a = mid + 1;
    else b = mid;
  }
  let c = a;
  let d = list.length;
  while (c < d) {
    const mid = (c + d) >> 1;
    if ((lo[list[mid] as number] as number) <= x) c = mid + 1;
    else d = mid;
  }
  return [a, c - 1];
}

/**
 * With classed and unclassed detections together, the two sweeps above can leave a matching
 * that is not maximum (an unclassed detection may take the event a classed one needed while
 * another event was free for it). Augmenting paths (Kuhn's method, iterative) from each
 * unmatched detection make it maximum; each detection's candidates are a contiguous range of
 * its class's windows (or of all windows), found by binary search. Only this mixed case pays it.
 */
function augmentMixed(
  c: Columns,
  windowOrder: Int32Array,
  lo: Float64Array,
  hi: Float64Array,
  rising: boolean,
  detOfGt: Int32Array,
  gtOfDet: Int32Array,
) {
  const byClass = c.classNames.map((_, id) => ofClass(windowOrder, c.gtClass, id));
  const stamp = new Int32Array(detOfGt.length);
  let round = 0;
  type Frame = { det: number; list: Int32Array; at: number; end: number; chosen: number };
  const frame = (det: number): Frame => {
    const cls = c.detClass[det] as number;
    const list = cls < 0 ? windowOrder : (byClass[cls] as Int32Array);
    const [at, end] = windowRange(list, lo, hi, c.detOnset[det] as number, rising);
    return { det, list, at, end, chosen: -1 };
  };
  for (let root = 0; root < c.detOnset.length; root++) {
    if ((gtOfDet[root] as number) >= 0) continue;
    round++;
    const stack: Frame[] = [frame(root)];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame;
      if (top.at > top.end) {
        stack.pop();
        continue;
      }
      const g = top.list[top.at++] as number;
      if (stamp[g] === round || (hi[g] as number) < (c.detOnset[top.det] as number)) continue;
      stamp[g] = round;
      top.chosen = g;
      const owner = detOfGt[g] as number;
      if (owner >= 0) {
        stack.push(frame(owner));
        continue;
      }
      // A free event: every detection on the path takes the event it reached.
      for (const f of stack) {
        detOfGt[f.chosen] = f.det;
        gtOfDet[f.det] = f.chosen;
      }
      break;
    }
  }
}
