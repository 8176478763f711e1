/**
 * Sightline's own evaluation of detections against ground truth (DESIGN §4, §13): one-to-one
 * maximum-cardinality matching in an asymmetric window around each ground-truth onset, or the
 * event's own window (lib/analysis/match-events.ts), re-triggers, early activations, counts, ratios (null where the denominator is zero), negatives, latency
 * statistics, per class and overall. Pure: events in, result out. Times are integer
 * microseconds, so window edges are exact. Built on typed arrays and linear passes over the
 * time-sorted events: a million events against a million detections take well under a second.
 */

import { type Columns, type DetectionEvent, type GroundTruthEvent, toColumns } from "./event-columns";
import {
  type Confidence,
  defaultConfidence,
  type LatencyUncertainty,
  type Uncertainty,
  uncertaintyOf,
} from "./figure-intervals";
import { type Matching, matchAll } from "./match-events";
import { sortedCopy, sortedOrder } from "./sort";

export type { DetectionEvent, GroundTruthEvent } from "./event-columns";

export type EvaluationSettings = {
  /** How early a detection may come before the onset and still match (default 50 ms). */
  earlyToleranceMs: number;
  /** How late after the onset a detection may come and still match (default 1000 ms). */
  matchWindowMs: number;
  /** Count re-triggers as false positives too (a project setting; default no). */
  retriggersAsFp: boolean;
  /** Length of the video(s); without it, negatives (and what needs them) are n/a. */
  durationUs?: number | null;
  /** Latency thresholds in ms whose exceedance share is reported (e.g. warning, critical). */
  latencyThresholdsMs?: readonly number[];
  /** Level and method of the figures' intervals (default 0.95, Wilson). */
  confidence?: Confidence;
  /**
   * The display correction of DESIGN §12 (lib/analysis/timing-basis.ts): subtracted from every
   * match's latency (matching itself uses the times as measured)…
   */
  latencyCorrectionMs?: number;
  /** …and the correction's uncertainty, added in quadrature to the latency intervals. */
  latencyUncertainty?: LatencyUncertainty | null;
};

export const defaultEvaluationSettings: EvaluationSettings = {
  earlyToleranceMs: 50,
  matchWindowMs: 1000,
  retriggersAsFp: false,
};

export type LatencyStats = {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Share of matches whose latency is above each threshold (key: the threshold in ms). */
  shareAbove: Record<string, number | null>;
};

export type Counts = {
  reference: number;
  detections: number;
  tp: number;
  fp: number;
  fn: number;
  retriggers: number;
  tn: number | null;
};

type Ratios = {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  falsePositiveRate: number | null;
  accuracy: number | null;
  falsePositivesPerHour: number | null;
};

export type ClassResult = { counts: Counts; ratios: Ratios; latencyMs: LatencyStats } & Uncertainty;

type Match = {
  reference: number;
  detection: number;
  latencyMs: number;
  /** Deadline − detection (corrected like the latency), for an event with a deadline; else null. */
  marginMs: number | null;
};

export type Evaluation = ClassResult & {
  matches: Match[];
  /** Indices of detections counted as re-triggers. */
  retriggers: number[];
  /**
   * Indices of unmatched detections that came before an event's `not_before` (and after the
   * previous event's window): false positives, and in a test case early activations (DESIGN §13).
   */
  early: number[];
  /** Per ground-truth class. Precision is n/a for a class when detections carry no class. */
  byClass: Record<string, ClassResult>;
};

export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** p-th percentile by the nearest-rank method (the ⌈p/100 · n⌉-th smallest) of sorted values. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function latencyStats(latenciesMs: ArrayLike<number>, thresholdsMs: readonly number[] = []): LatencyStats {
  return latencyStatsOfSorted(sortedCopy(latenciesMs), thresholdsMs);
}

function latencyStatsOfSorted(sorted: Float64Array, thresholdsMs: readonly number[] = []): LatencyStats {
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const shareAbove: Record<string, number | null> = {};
  for (const threshold of thresholdsMs) {
    // Sorted: the values above the threshold are a suffix.
    let first = n;
    while (first > 0 && (sorted[first - 1] as number) > threshold) first--;
    shareAbove[String(threshold)] = ratio(n - first, n);
  }
  return {
    count: n,
    mean: ratio(sum, n),
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
    max: n > 0 ? (sorted[n - 1] as number) : null,
    shareAbove,
  };
}

export function f1Of(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Unmatched detections that start inside a matched event (of a class they may match), after its
 * match: each match spans [max(event onset, detection onset), event offset]; a sweep in time
 * order keeps the furthest end of the spans begun so far, overall and per class.
 */
function findRetriggers(c: Columns, detOfGt: Int32Array, gtOfDet: Int32Array): Uint8Array {
  let spans = 0;
  for (let i = 0; i < detOfGt.length; i++) if ((detOfGt[i] as number) >= 0) spans++;
  const spanLo = new Float64Array(spans);
  const spanHi = new Float64Array(spans);
  const spanClass = new Int32Array(spans);
  for (let i = 0, s = 0; i < detOfGt.length; i++) {
    const j = detOfGt[i] as number;
    if (j < 0) continue;
    spanLo[s] = Math.max(c.gtOnset[i] as number, c.detOnset[j] as number);
    spanHi[s] = c.gtOffset[i] as number;
    spanClass[s++] = c.gtClass[i] as number;
  }
  const spanOrder = sortedOrder(spanLo);
  const reachByClass = new Float64Array(c.classNames.length).fill(Number.NEGATIVE_INFINITY);
  let reach = Number.NEGATIVE_INFINITY;
  let next = 0;
  const retrigger = new Uint8Array(gtOfDet.length);
  for (let j = 0; j < c.detOnset.length; j++) {
    const x = c.detOnset[j] as number;
    while (next < spanOrder.length && (spanLo[spanOrder[next] as number] as number) <= x) {
      const s = spanOrder[next] as number;
      const h = spanHi[s] as number;
      if (h > reach) reach = h;
      const cls = spanClass[s] as number;
      if (h > (reachByClass[cls] as number)) reachByClass[cls] = h;
      next++;
    }
    if ((gtOfDet[j] as number) >= 0) continue;
    const cls = c.detClass[j] as number;
    if ((cls < 0 ? reach : (reachByClass[cls] as number)) >= x) retrigger[j] = 1;
  }
  return retrigger;
}

/**
 * Negative windows: the time with no ground truth present, cut into whole windows of the match
 * window's length; a window in which no detection starts is a true negative.
 */
function trueNegatives(c: Columns, durationUs: number, windowUs: number): number {
  if (windowUs <= 0) return 0;
  let tn = 0;
  let d = 0;
  const countGap = (start: number, end: number) => {
    const windows = Math.floor((end - start) / windowUs);
    if (windows <= 0) return;
    // Windows [start + k·w, start + (k+1)·w) holding a detection onset are not negatives.
    let spoiled = 0;
    let lastK = -1;
    while (d < c.detOnset.length && (c.detOnset[d] as number) < start) d++;
    for (let e = d; e < c.detOnset.length; e++) {
      const x = c.detOnset[e] as number;
      const k = Math.floor((x - start) / windowUs);
      if (k >= windows) break;
      if (k !== lastK) {
        spoiled++;
        lastK = k;
      }
    }
    tn += windows - spoiled;
  };
  let cursor = 0;
  for (let i = 0; i < c.gtOnset.length; i++) {
    const a = Math.max(0, c.gtOnset[i] as number);
    const b = Math.min(durationUs, c.gtOffset[i] as number);
    if (b <= a) continue;
    if (a > cursor) countGap(cursor, a);
    if (b > cursor) cursor = b;
  }
  if (durationUs > cursor) countGap(cursor, durationUs);
  return tn;
}

/** First position in the detections' time order whose onset is at least x. */
function firstDetectionAtOrAfter(c: Columns, x: number): number {
  let a = 0;
  let b = c.detOnset.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((c.detOnset[mid] as number) < x) a = mid + 1;
    else b = mid;
  }
  return a;
}

/**
 * Early activations (DESIGN §13): unmatched detections, not re-triggers, of the event's class (or
 * of none), that start before an event's `not_before` and at or after the end of the previous
 * event in onset order (its offset or its window's end, whichever is later; the video's start for
 * the first). Each detection counts once however many events it precedes.
 */
function findEarly(c: Columns, m: Matching, retrigger: Uint8Array): Uint8Array {
  const early = new Uint8Array(c.detOnset.length);
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < c.gtOnset.length; i++) {
    const notBefore = c.gtNotBefore[i] as number;
    if (!Number.isNaN(notBefore)) {
      const cls = c.gtClass[i] as number;
      for (let j = firstDetectionAtOrAfter(c, lower); j < c.detOnset.length; j++) {
        if ((c.detOnset[j] as number) >= notBefore) break;
        const dc = c.detClass[j] as number;
        if ((m.gtOfDet[j] as number) < 0 && !retrigger[j] && (dc < 0 || dc === cls)) early[j] = 1;
      }
    }
    lower = Math.max(lower, c.gtOffset[i] as number, m.hi[i] as number);
  }
  return early;
}

export function summarise(
  counts: Omit<Counts, "tn">,
  tn: number | null,
  latencies: ArrayLike<number>,
  settings: EvaluationSettings,
  withPrecision = true,
): ClassResult {
  return summariseSorted(counts, tn, sortedCopy(latencies), settings, withPrecision);
}

function summariseSorted(
  counts: Omit<Counts, "tn">,
  tn: number | null,
  sorted: Float64Array,
  settings: EvaluationSettings,
  withPrecision = true,
): ClassResult {
  const hours = settings.durationUs ? settings.durationUs / 3_600_000_000 : null;
  const precision = withPrecision ? ratio(counts.tp, counts.tp + counts.fp) : null;
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  return {
    counts: { ...counts, tn },
    ratios: {
      precision,
      recall,
      f1: withPrecision ? f1Of(precision, recall) : null,
      falsePositiveRate: tn === null ? null : ratio(counts.fp, counts.fp + tn),
      accuracy: tn === null ? null : ratio(counts.tp + tn, counts.tp + tn + counts.fp + counts.fn),
      falsePositivesPerHour: hours ? counts.fp / hours : null,
    },
    latencyMs: latencyStatsOfSorted(sorted, settings.latencyThresholdsMs),
    ...uncertaintyOf(
      { ...counts, tn },
      hours,
      sorted,
      settings.confidence ?? defaultConfidence,
      withPrecision,
      settings.latencyUncertainty,
    ),
  };
}

export function evaluateDetections(
  reference: readonly GroundTruthEvent[],
  detections: readonly DetectionEvent[],
  settings: EvaluationSettings = defaultEvaluationSettings,
): Evaluation {
  const c = toColumns(reference, detections);
  const matching = matchAll(c, settings);
  const { detOfGt, gtOfDet } = matching;
  const retrigger = findRetriggers(c, detOfGt, gtOfDet);
  const earlyMark = findEarly(c, matching, retrigger);
  const classCount = c.classNames.length;

  // One pass over each side, in time order, counts overall and per class and gathers the
  // latencies. What is listed in the input's order (matches, re-triggers, early activations) is
  // written at its input index and read back in sequence: reading the columns through the input's
  // order instead costs a cache miss per read once the input is shuffled, and made shuffled input
  // take twice the ordered time.
  const refByClass = new Int32Array(classCount);
  const tpByClass = new Int32Array(classCount);
  // Latencies are gathered as detection − onset in µs (whole numbers for times in µs, which the
  // sort takes in one word) and turned into ms once sorted: x / 1000 − correction never reorders,
  // so the sorted ms are exactly those sorting the ms would give.
  const latenciesUs = new Float64Array(reference.length);
  const correction = settings.latencyCorrectionMs ?? 0;
  const latencyClass = new Int32Array(reference.length);
  // Matches come in the input's order of events. Where that is time order they are listed as
  // found; otherwise each is written at its event's input index (three slots: the detection's
  // input index + 1, 0 for none; the latency; the margin) and listed from there.
  const matches: Match[] = [];
  const matchOf = c.gtSource === null ? null : new Float64Array(3 * reference.length);
  const toMatch = (event: number, detection: number, latencyMs: number, marginMs: number): Match => ({
    reference: event,
    detection,
    latencyMs,
    marginMs: Number.isNaN(marginMs) ? null : marginMs,
  });
  let tp = 0;
  for (let k = 0; k < reference.length; k++) {
    const cls = c.gtClass[k] as number;
    refByClass[cls] = (refByClass[cls] as number) + 1;
    const j = detOfGt[k] as number;
    if (j < 0) continue;
    tpByClass[cls] = (tpByClass[cls] as number) + 1;
    const detectionUs = c.detOnset[j] as number;
    const latencyUs = detectionUs - (c.gtOnset[k] as number);
    latenciesUs[tp] = latencyUs;
    latencyClass[tp++] = cls;
    const detection = c.detSource === null ? j : (c.detSource[j] as number);
    const latencyMs = latencyUs / 1000 - correction;
    // NaN where the event has no deadline.
    const marginMs = ((c.gtDeadline[k] as number) - detectionUs) / 1000 + correction;
    if (matchOf === null || c.gtSource === null) {
      matches.push(toMatch(k, detection, latencyMs, marginMs));
      continue;
    }
    const at = 3 * (c.gtSource[k] as number);
    matchOf[at] = detection + 1;
    matchOf[at + 1] = latencyMs;
    matchOf[at + 2] = marginMs;
  }
  if (matchOf !== null) {
    for (let i = 0; i < reference.length; i++) {
      const detection = (matchOf[3 * i] as number) - 1;
      if (detection >= 0)
        matches.push(toMatch(i, detection, matchOf[3 * i + 1] as number, matchOf[3 * i + 2] as number));
    }
  }
  const detByClass = new Int32Array(classCount);
  const retriggerByClass = new Int32Array(classCount);
  // Counted, not derived from the class's matches: where unclassed detections match events of a
  // class too, its detections minus its matches would undercount (even below zero).
  const fpByClass = new Int32Array(classCount);
  // Per input index of a detection: 1 early activation, 2 re-trigger.
  const marks = new Uint8Array(detections.length);
  let classed = false;
  for (let k = 0; k < detections.length; k++) {
    const cls = c.detClass[k] as number;
    if (cls >= 0) {
      classed = true;
      detByClass[cls] = (detByClass[cls] as number) + 1;
    }
    const isRetrigger = retrigger[k] === 1;
    const mark = (earlyMark[k] as number) | (isRetrigger ? 2 : 0);
    if (mark !== 0) marks[c.detSource === null ? k : (c.detSource[k] as number)] = mark;
    if (isRetrigger && cls >= 0) retriggerByClass[cls] = (retriggerByClass[cls] as number) + 1;
    if (cls >= 0 && (gtOfDet[k] as number) < 0 && (settings.retriggersAsFp || !isRetrigger)) {
      fpByClass[cls] = (fpByClass[cls] as number) + 1;
    }
  }
  const retriggers: number[] = [];
  const early: number[] = [];
  for (let j = 0; j < detections.length; j++) {
    const mark = marks[j] as number;
    if (mark === 0) continue;
    if (mark & 1) early.push(j);
    if (mark & 2) retriggers.push(j);
  }

  const unmatched = detections.length - tp;
  const fp = settings.retriggersAsFp ? unmatched : unmatched - retriggers.length;
  const tn =
    settings.durationUs != null
      ? trueNegatives(c, settings.durationUs, Math.round(settings.matchWindowMs * 1000))
      : null;
  const sortedMs = (us: Float64Array): Float64Array => {
    const sorted = sortedCopy(us);
    for (let k = 0; k < sorted.length; k++) sorted[k] = (sorted[k] as number) / 1000 - correction;
    return sorted;
  };
  const overall = summariseSorted(
    {
      reference: reference.length,
      detections: detections.length,
      tp,
      fp,
      fn: reference.length - tp,
      retriggers: retriggers.length,
    },
    tn,
    sortedMs(latenciesUs.subarray(0, tp)),
    settings,
  );

  // Per ground-truth class. Precision is n/a for a class when detections carry no class.
  const byClass: Record<string, ClassResult> = {};
  const ids = [...c.classNames.keys()].filter((id) => (refByClass[id] as number) > 0);
  ids.sort((a, b) => ((c.classNames[a] as string) < (c.classNames[b] as string) ? -1 : 1));
  for (const id of ids) {
    const own = new Float64Array(tpByClass[id] as number);
    let at = 0;
    for (let k = 0; k < tp; k++) if (latencyClass[k] === id) own[at++] = latenciesUs[k] as number;
    const ownTp = tpByClass[id] as number;
    const ownDetections = detByClass[id] as number;
    const ownRetriggers = retriggerByClass[id] as number;
    const ownFp = fpByClass[id] as number;
    byClass[c.classNames[id] as string] = summariseSorted(
      {
        reference: refByClass[id] as number,
        detections: classed ? ownDetections : 0,
        tp: ownTp,
        fp: classed ? ownFp : 0,
        fn: (refByClass[id] as number) - ownTp,
        retriggers: classed ? ownRetriggers : 0,
      },
      null,
      sortedMs(own),
      settings,
      classed,
    );
  }
  return { ...overall, matches, retriggers, early, byClass };
}
