/**
 * The uncertainty of an evaluation's figures (DESIGN §9): precision, recall, false-positive rate
 * and accuracy with their interval (Wilson or Clopper–Pearson), false positives per hour with
 * Garwood's, and the latency percentiles with their order-statistic interval. Each figure set
 * carries them twice: two-sided at the run's level (what the pages show) and at 2·level − 1,
 * whose ends are the one-sided bounds at the run's level (what the `bound` decision rule uses).
 */
import {
  type Interval,
  type IntervalMethod,
  oneSidedLevel,
  percentileInterval,
  poissonRateInterval,
  proportionInterval,
} from "../stats/intervals";

export type Confidence = { level: number; method: IntervalMethod };

/** The counts the intervals rest on (an evaluation's). */
type Counts = { tp: number; fp: number; fn: number; tn: number | null };

export const defaultConfidence: Confidence = { level: 0.95, method: "wilson" };

export type FigureIntervals = {
  level: number;
  method: IntervalMethod;
  precision: [number, number] | null;
  recall: [number, number] | null;
  falsePositiveRate: [number, number] | null;
  accuracy: [number, number] | null;
  falsePositivesPerHour: [number, number] | null;
  latencyMs: { p50: Interval | null; p95: Interval | null; p99: Interval | null };
};

export type Uncertainty = {
  /** Two-sided at the run's level. */
  intervals: FigureIntervals;
  /** Two-sided at 2·level − 1: the lower end of a ratio, the upper end of a rate or latency, is its one-sided bound. */
  bounds: FigureIntervals;
};

function at(
  level: number,
  method: IntervalMethod,
  counts: Counts,
  hours: number | null,
  sortedLatencies: ArrayLike<number>,
  withPrecision: boolean,
): FigureIntervals {
  const { tp, fp, fn, tn } = counts;
  return {
    level,
    method,
    precision: withPrecision ? proportionInterval(tp, tp + fp, level, method) : null,
    recall: proportionInterval(tp, tp + fn, level, method),
    falsePositiveRate: tn === null ? null : proportionInterval(fp, fp + tn, level, method),
    accuracy: tn === null ? null : proportionInterval(tp + tn, tp + tn + fp + fn, level, method),
    falsePositivesPerHour: hours ? poissonRateInterval(fp, hours, level) : null,
    latencyMs: {
      p50: percentileInterval(sortedLatencies, 50, level),
      p95: percentileInterval(sortedLatencies, 95, level),
      p99: percentileInterval(sortedLatencies, 99, level),
    },
  };
}

export function uncertaintyOf(
  counts: Counts,
  hours: number | null,
  sortedLatencies: ArrayLike<number>,
  confidence: Confidence,
  withPrecision: boolean,
): Uncertainty {
  const { level, method } = confidence;
  return {
    intervals: at(level, method, counts, hours, sortedLatencies, withPrecision),
    bounds: at(oneSidedLevel(level), method, counts, hours, sortedLatencies, withPrecision),
  };
}
