/**
 * Sightline's own evaluation of detections against ground truth (DESIGN §4): one-to-one
 * maximum-cardinality matching in an asymmetric window around each ground-truth onset,
 * re-triggers, counts, ratios (null where the denominator is zero), negatives, latency
 * statistics, per class and overall. Pure: events in, result out. Times are integer
 * microseconds, so window edges are exact.
 */
import { matchPointsToWindows } from "./match";

export type GroundTruthEvent = { onsetUs: number; offsetUs: number; class?: string | null };
export type DetectionEvent = { onsetUs: number; offsetUs?: number | null; class?: string | null };

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

export type Ratios = {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  falsePositiveRate: number | null;
  accuracy: number | null;
  falsePositivesPerHour: number | null;
};

export type ClassResult = { counts: Counts; ratios: Ratios; latencyMs: LatencyStats };

export type Match = { reference: number; detection: number; latencyMs: number };

export type Evaluation = ClassResult & {
  matches: Match[];
  /** Indices of detections counted as re-triggers. */
  retriggers: number[];
  /** Per ground-truth class. Precision is n/a for a class when detections carry no class. */
  byClass: Record<string, ClassResult>;
};

export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** p-th percentile by the nearest-rank method (the ⌈p/100 · n⌉-th smallest). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function latencyStats(latenciesMs: readonly number[], thresholdsMs: readonly number[] = []): LatencyStats {
  const sorted = Float64Array.from(latenciesMs).sort();
  const list = Array.from(sorted);
  let sum = 0;
  for (const x of list) sum += x;
  const shareAbove: Record<string, number | null> = {};
  for (const threshold of thresholdsMs) {
    let above = 0;
    for (const x of list) if (x > threshold) above++;
    shareAbove[String(threshold)] = ratio(above, list.length);
  }
  return {
    count: list.length,
    mean: ratio(sum, list.length),
    p50: nearestRank(list, 50),
    p95: nearestRank(list, 95),
    p99: nearestRank(list, 99),
    max: list.length > 0 ? (list[list.length - 1] as number) : null,
    shareAbove,
  };
}

function f1Of(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Negative windows: the time with no ground truth present, cut into whole windows of the match
 * window's length; a window in which no detection starts is a true negative.
 */
function trueNegatives(
  reference: readonly GroundTruthEvent[],
  detectionOnsets: readonly number[],
  durationUs: number,
  windowUs: number,
): number {
  if (windowUs <= 0) return 0;
  const busy = reference
    .map((g) => [Math.max(0, g.onsetUs), Math.min(durationUs, g.offsetUs)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const gaps: [number, number][] = [];
  let cursor = 0;
  for (const [a, b] of busy) {
    if (a > cursor) gaps.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (durationUs > cursor) gaps.push([cursor, durationUs]);
  const onsets = Float64Array.from(detectionOnsets).sort();
  let tn = 0;
  for (const [start, end] of gaps) {
    const windows = Math.floor((end - start) / windowUs);
    for (let k = 0; k < windows; k++) {
      const lo = start + k * windowUs;
      const hi = lo + windowUs;
      // Any detection starting in [lo, hi)?
      if (!hasValueIn(onsets, lo, hi)) tn++;
    }
  }
  return tn;
}

function hasValueIn(sorted: Float64Array, lo: number, hi: number): boolean {
  let left = 0;
  let right = sorted.length;
  while (left < right) {
    const mid = (left + right) >> 1;
    if ((sorted[mid] as number) < lo) left = mid + 1;
    else right = mid;
  }
  return left < sorted.length && (sorted[left] as number) < hi;
}

/**
 * Matches detections to ground truth. A classed detection matches only its class; detections
 * without a class (a GPIO edge) match any class. When both kinds occur, classed detections are
 * matched first within their class, then unclassed ones against the ground truth left.
 */
function matchAll(
  reference: readonly GroundTruthEvent[],
  detections: readonly DetectionEvent[],
  settings: EvaluationSettings,
): Match[] {
  const early = Math.round(settings.earlyToleranceMs * 1000);
  const late = Math.round(settings.matchWindowMs * 1000);
  const matches: Match[] = [];
  const taken = new Uint8Array(reference.length);
  const pools = new Map<string | null, number[]>();
  detections.forEach((d, j) => {
    const key = d.class ?? null;
    const pool = pools.get(key);
    if (pool) pool.push(j);
    else pools.set(key, [j]);
  });
  const order = [...pools.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  for (const key of order) {
    const detectionIndices = pools.get(key) ?? [];
    const candidates = reference.flatMap((g, i) => (!taken[i] && (key === null || g.class === key) ? [i] : []));
    const windows = candidates.map((i) => {
      const onset = (reference[i] as GroundTruthEvent).onsetUs;
      return { lo: onset - early, hi: onset + late };
    });
    const points = detectionIndices.map((j) => (detections[j] as DetectionEvent).onsetUs);
    for (const pair of matchPointsToWindows(points, windows)) {
      const i = candidates[pair.window] as number;
      const j = detectionIndices[pair.point] as number;
      taken[i] = 1;
      matches.push({
        reference: i,
        detection: j,
        latencyMs: ((detections[j] as DetectionEvent).onsetUs - (reference[i] as GroundTruthEvent).onsetUs) / 1000,
      });
    }
  }
  return matches.sort((a, b) => a.reference - b.reference);
}

/** Unmatched detections that start inside a matched event (of a class they may match), after its match. */
function findRetriggers(
  reference: readonly GroundTruthEvent[],
  detections: readonly DetectionEvent[],
  matches: readonly Match[],
): number[] {
  const matched = new Set(matches.map((m) => m.detection));
  const spans = matches.map((m) => {
    const g = reference[m.reference] as GroundTruthEvent;
    const d = detections[m.detection] as DetectionEvent;
    return { lo: Math.max(g.onsetUs, d.onsetUs), hi: g.offsetUs, class: g.class ?? null };
  });
  // Per class (and one list for unclassed detections, which may re-trigger any event).
  const byClass = new Map<string | null, { lo: number; hi: number }[]>();
  for (const span of spans) {
    for (const key of new Set([span.class, null])) {
      const list = byClass.get(key);
      if (list) list.push(span);
      else byClass.set(key, [span]);
    }
  }
  const unions = new Map<string | null, { starts: number[]; ends: number[] }>();
  for (const [key, list] of byClass) unions.set(key, union(list));
  const retriggers: number[] = [];
  detections.forEach((d, j) => {
    if (matched.has(j)) return;
    const u = unions.get(d.class ?? null);
    if (u && inUnion(u, d.onsetUs)) retriggers.push(j);
  });
  return retriggers;
}

function union(spans: { lo: number; hi: number }[]) {
  const sorted = spans.filter((s) => s.hi >= s.lo).sort((a, b) => a.lo - b.lo);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const s of sorted) {
    const last = ends.length - 1;
    if (last >= 0 && s.lo <= (ends[last] as number)) ends[last] = Math.max(ends[last] as number, s.hi);
    else {
      starts.push(s.lo);
      ends.push(s.hi);
    }
  }
  return { starts, ends };
}

function inUnion(u: { starts: number[]; ends: number[] }, x: number): boolean {
  let left = 0;
  let right = u.starts.length;
  while (left < right) {
    const mid = (left + right) >> 1;
    if ((u.starts[mid] as number) <= x) left = mid + 1;
    else right = mid;
  }
  return left > 0 && x <= (u.ends[left - 1] as number);
}

function summarise(
  counts: Omit<Counts, "tn">,
  tn: number | null,
  latencies: number[],
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
    latencyMs: latencyStats(latencies, settings.latencyThresholdsMs),
  };
}

export function evaluateDetections(
  reference: readonly GroundTruthEvent[],
  detections: readonly DetectionEvent[],
  settings: EvaluationSettings = defaultEvaluationSettings,
): Evaluation {
  const matches = matchAll(reference, detections, settings);
  const retriggers = findRetriggers(reference, detections, matches);
  const tp = matches.length;
  const unmatched = detections.length - tp;
  const fp = settings.retriggersAsFp ? unmatched : unmatched - retriggers.length;
  const tn =
    settings.durationUs != null
      ? trueNegatives(
          reference,
          detections.map((d) => d.onsetUs),
          settings.durationUs,
          Math.round(settings.matchWindowMs * 1000),
        )
      : null;
  const overall = summarise(
    {
      reference: reference.length,
      detections: detections.length,
      tp,
      fp,
      fn: reference.length - tp,
      retriggers: retriggers.length,
    },
    tn,
    matches.map((m) => m.latencyMs),
    settings,
  );

  const classed = detections.some((d) => d.class != null);
  const byClass: Record<string, ClassResult> = {};
  const classes = [...new Set(reference.map((g) => g.class ?? "unclassified"))].sort();
  for (const name of classes) {
    const own = matches.filter((m) => ((reference[m.reference] as GroundTruthEvent).class ?? "unclassified") === name);
    const refCount = reference.filter((g) => (g.class ?? "unclassified") === name).length;
    const ownDetections = detections.filter((d) => d.class === name).length;
    const ownRetriggers = retriggers.filter((j) => (detections[j] as DetectionEvent).class === name).length;
    const ownFp = settings.retriggersAsFp ? ownDetections - own.length : ownDetections - own.length - ownRetriggers;
    byClass[name] = summarise(
      {
        reference: refCount,
        detections: classed ? ownDetections : 0,
        tp: own.length,
        fp: classed ? ownFp : 0,
        fn: refCount - own.length,
        retriggers: classed ? ownRetriggers : 0,
      },
      null,
      own.map((m) => m.latencyMs),
      settings,
      classed,
    );
  }
  return { ...overall, matches, retriggers, byClass };
}
