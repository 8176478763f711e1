/**
 * The events of an evaluation as columns (typed arrays), with classes numbered and both sides'
 * time order: what the matching (lib/analysis/match-events.ts) and the counting
 * (lib/analysis/evaluate.ts) read. Pure.
 */
import { sortedOrder } from "./sort";

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
  gtOrder: Int32Array;
  detOrder: Int32Array;
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
  for (let i = 0; i < n; i++) {
    const g = reference[i] as GroundTruthEvent;
    gtOnset[i] = g.onsetUs;
    gtOffset[i] = g.offsetUs;
    gtClass[i] = idOf(g.class ?? UNCLASSIFIED);
    gtNotBefore[i] = g.notBeforeUs ?? Number.NaN;
    gtDeadline[i] = g.deadlineUs ?? Number.NaN;
  }
  const detOnset = new Float64Array(m);
  const detClass = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const d = detections[j] as DetectionEvent;
    detOnset[j] = d.onsetUs;
    detClass[j] = d.class == null ? -1 : idOf(d.class);
  }
  return {
    gtOnset,
    gtOffset,
    gtClass,
    gtNotBefore,
    gtDeadline,
    detOnset,
    detClass,
    classNames,
    gtOrder: sortedOrder(gtOnset),
    detOrder: sortedOrder(detOnset),
  };
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
