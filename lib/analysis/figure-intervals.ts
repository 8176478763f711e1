/**
 * The uncertainty of an evaluation's figures (DESIGN §9): precision, recall, false-positive rate
 * and accuracy with their interval (Wilson or Clopper–Pearson), false positives per hour with
 * Garwood's, and the latency percentiles with their order-statistic interval. Each figure set
 * carries them twice: two-sided at the run's level (what the pages show) and at 2·level − 1,
 * whose ends are the one-sided bounds at the run's level (what the `bound` decision rule uses).
 * Latencies corrected for a display calibration carry its uncertainty too: the correction's
 * half-width at the interval's level is added in quadrature to each end's distance from the
 * estimate (DESIGN §12).
 */
import { studentTQuantile } from "../stats/distributions";
import {
  type Interval,
  type IntervalMethod,
  oneSidedLevel,
  percentileInterval,
  poissonRateInterval,
  proportionInterval,
} from "../stats/intervals";

export type Confidence = { level: number; method: IntervalMethod };

/** The standard error of a latency correction and its degrees of freedom (lib/analysis/timing-basis.ts). */
export type LatencyUncertainty = { standardErrorMs: number; df: number };

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

/** A percentile's interval widened by a correction's half-width `h`, in quadrature on each side. */
function widened(sorted: ArrayLike<number>, percentile: number, level: number, h: number): Interval | null {
  const interval = percentileInterval(sorted, percentile, level);
  if (!interval || h === 0) return interval;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  const estimate = sorted[Math.min(rank, sorted.length) - 1] as number;
  const [lo, hi] = interval;
  return [
    lo === null ? null : estimate - Math.hypot(estimate - lo, h),
    hi === null ? null : estimate + Math.hypot(hi - estimate, h),
  ];
}

function at(
  level: number,
  method: IntervalMethod,
  counts: Counts,
  hours: number | null,
  sortedLatencies: ArrayLike<number>,
  withPrecision: boolean,
  correction: LatencyUncertainty | null | undefined,
): FigureIntervals {
  const { tp, fp, fn, tn } = counts;
  const h = correction ? studentTQuantile((1 + level) / 2, correction.df) * correction.standardErrorMs : 0;
  return {
    level,
    method,
    precision: withPrecision ? proportionInterval(tp, tp + fp, level, method) : null,
    recall: proportionInterval(tp, tp + fn, level, method),
    falsePositiveRate: tn === null ? null : proportionInterval(fp, fp + tn, level, method),
    accuracy: tn === null ? null : proportionInterval(tp + tn, tp + tn + fp + fn, level, method),
    falsePositivesPerHour: hours ? poissonRateInterval(fp, hours, level) : null,
    latencyMs: {
      p50: widened(sortedLatencies, 50, level, h),
      p95: widened(sortedLatencies, 95, level, h),
      p99: widened(sortedLatencies, 99, level, h),
    },
  };
}

export function uncertaintyOf(
  counts: Counts,
  hours: number | null,
  sortedLatencies: ArrayLike<number>,
  confidence: Confidence,
  withPrecision: boolean,
  correction?: LatencyUncertainty | null,
): Uncertainty {
  const { level, method } = confidence;
  return {
    intervals: at(level, method, counts, hours, sortedLatencies, withPrecision, correction),
    bounds: at(oneSidedLevel(level), method, counts, hours, sortedLatencies, withPrecision, correction),
  };
}
