/**
 * The events of an evaluation as columns (typed arrays), with classes numbered, each side stored
 * in time order: what the matching (lib/analysis/match-events.ts) and the counting
 * (lib/analysis/evaluate.ts) read. Pure.
 *
 * Input out of time order is sorted once here, so every later pass reads memory in sequence:
 * indexing a million values through a shuffled order costs a cache miss each time, and made
 * evaluating shuffled input three to four times slower than ordered. The onsets are sorted in
 * place and the other columns gathered through that order, except those holding one value
 * throughout (no event with a window of its own, detections without a class): with a million
 * events on the heap, every further 64 MB of arrays made costs the garbage collector a full
 * collection. (Reading each event's fields through the order instead, a cache miss per object,
 * took about three times as long as the gathers.) The input's own indices stay reachable through
 * `gtSource` / `detSource`.
 */
import { sortInPlace } from "./sort";

export type GroundTruthEvent = {
  onsetUs: number;
  offsetUs: number;
  class?: string | null;
  /**
   * The event's own window (DESIGN §13, e.g. UN R151's line D and last point of information):
   * where given, each replaces the project's bound for this event (inclusive).
   */
  notBeforeUs?: number | null;
  deadlineUs?: number | null;
};
export type DetectionEvent = { onsetUs: number; offsetUs?: number | null; class?: string | null };

/** The events as columns, with classes numbered, and both sides' time order. */
export type Columns = {
  gtOnset: Float64Array;
  gtOffset: Float64Array;
  gtClass: Int32Array;
  /** Each event's window, NaN where the event has none of its own. */
  gtNotBefore: Float64Array;
  gtDeadline: Float64Array;
  detOnset: Float64Array;
  /** -1 for a detection without a class. */
  detClass: Int32Array;
  classNames: string[];
  /** The input index of each column position, or null where the input was in time order already. */
  gtSource: Int32Array | null;
  detSource: Int32Array | null;
};

const UNCLASSIFIED = "unclassified";

export function toColumns(reference: readonly GroundTruthEvent[], detections: readonly DetectionEvent[]): Columns {
  const ids = new Map<string, number>();
  const classNames: string[] = [];
  const idOf = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = classNames.length;
      ids.set(name, id);
      classNames.push(name);
    }
    return id;
  };
  const n = reference.length;
  const m = detections.length;
  const gtOnset = new Float64Array(n);
  const gtOffset = new Float64Array(n);
  const gtClass = new Int32Array(n);
  const gtNotBefore = new Float64Array(n);
  const gtDeadline = new Float64Array(n);
  // Whether a column holds more than one value: one that does not needs no gathering.
  let gtClasses = false;
  let windows = false;
  for (let i = 0; i < n; i++) {
    const g = reference[i] as GroundTruthEvent;
    gtOnset[i] = g.onsetUs;
    gtOffset[i] = g.offsetUs;
    const cls = idOf(g.class ?? UNCLASSIFIED);
    gtClass[i] = cls;
    if (cls !== gtClass[0]) gtClasses = true;
    if (g.notBeforeUs != null || g.deadlineUs != null) windows = true;
    gtNotBefore[i] = g.notBeforeUs ?? Number.NaN;
    gtDeadline[i] = g.deadlineUs ?? Number.NaN;
  }
  const detOnset = new Float64Array(m);
  const detClass = new Int32Array(m);
  let detClasses = false;
  for (let j = 0; j < m; j++) {
    const d = detections[j] as DetectionEvent;
    detOnset[j] = d.onsetUs;
    const cls = d.class == null ? -1 : idOf(d.class);
    detClass[j] = cls;
    if (cls !== detClass[0]) detClasses = true;
  }
  const gtSource = sortInPlace(gtOnset);
  const detSource = sortInPlace(detOnset);
  return {
    gtOnset,
    gtOffset: gathered(gtOffset, gtSource),
    gtClass: gtClasses ? gathered(gtClass, gtSource) : gtClass,
    gtNotBefore: windows ? gathered(gtNotBefore, gtSource) : gtNotBefore,
    gtDeadline: windows ? gathered(gtDeadline, gtSource) : gtDeadline,
    detOnset,
    detClass: detClasses ? gathered(detClass, detSource) : detClass,
    classNames,
    gtSource,
    detSource,
  };
}

function gathered<T extends Float64Array | Int32Array>(column: T, order: Int32Array | null): T {
  if (order === null) return column;
  const out = new (column.constructor as new (length: number) => T)(column.length);
  for (let k = 0; k < order.length; k++) out[k] = column[order[k] as number] as number;
  return out;
}

/** The entries of a time order whose class is `id` (the order is kept). */
export function ofClass(order: Int32Array, classes: Int32Array, id: number): Int32Array {
  let count = 0;
  for (let k = 0; k < order.length; k++) if (classes[order[k] as number] === id) count++;
  const out = new Int32Array(count);
  let at = 0;
  for (let k = 0; k < order.length; k++) {
    const index = order[k] as number;
    if (classes[index] === id) out[at++] = index;
  }
  return out;
}
