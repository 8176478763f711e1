/**
 * Confidence intervals of the figures Sightline reports (DESIGN §9):
 * - a proportion k/n by Wilson's score interval or the exact Clopper–Pearson interval, as
 *   statsmodels' `proportion_confint` (methods `wilson` and `beta`) computes them;
 * - a count of events over an exposure (false positives per hour) by Garwood's exact Poisson
 *   interval: [χ²(α/2; 2k)/2, χ²(1−α/2; 2k+2)/2] / exposure;
 * - a percentile of a sample by the distribution-free order-statistic interval: the p-quantile
 *   lies between the l-th and the u-th smallest values with probability ≥ the level, where
 *   l = max{ j : F(j−1) ≤ α/2 } and u = min{ j : F(j−1) ≥ 1 − α/2 } for F the CDF of
 *   Binomial(n, p); a bound no rank can give (too few values) is open (null).
 * Two-sided at `level`; a one-sided bound at level C is the matching end of the two-sided
 * interval at level 2C − 1 (`oneSidedLevel`).
 */
import { binomialCdf, inverseIncompleteBeta, inverseIncompleteGamma, normalQuantile } from "./distributions";

export const intervalMethods = ["wilson", "clopper-pearson"] as const;
export type IntervalMethod = (typeof intervalMethods)[number];

/** [lower, upper]; a bound that the data cannot give is null (open). */
export type Interval = [number | null, number | null];

/** The two-sided level whose one end is the one-sided bound at `level`. */
export const oneSidedLevel = (level: number) => 2 * level - 1;

/** Interval of the proportion k/n, or null when n = 0 (the ratio is undefined). */
export function proportionInterval(
  k: number,
  n: number,
  level: number,
  method: IntervalMethod = "wilson",
): [number, number] | null {
  if (!(n > 0)) return null;
  const alpha = 1 - level;
  if (method === "clopper-pearson") {
    const lower = k === 0 ? 0 : inverseIncompleteBeta(alpha / 2, k, n - k + 1);
    const upper = k === n ? 1 : inverseIncompleteBeta(1 - alpha / 2, k + 1, n - k);
    return [lower, upper];
  }
  const z = normalQuantile(1 - alpha / 2);
  const z2 = z * z;
  const q = k / n;
  const denominator = 1 + z2 / n;
  const center = (q + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((q * (1 - q)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/**
 * Garwood's exact interval of a Poisson rate: `count` events over `exposure` (e.g. hours of
 * video); null without exposure.
 */
export function poissonRateInterval(count: number, exposure: number, level: number): [number, number] | null {
  if (!(exposure > 0)) return null;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`a count of events must be a whole number ≥ 0 (got ${count})`);
  const alpha = 1 - level;
  // χ²(q; 2k)/2 is the q-quantile of Gamma(k, 1).
  const lower = count === 0 ? 0 : inverseIncompleteGamma(count, alpha / 2);
  const upper = inverseIncompleteGamma(count + 1, 1 - alpha / 2);
  return [lower / exposure, upper / exposure];
}

/** The ranks (1-based) of the order statistics that bound the p-quantile of n values. */
export function quantileRanks(n: number, p: number, level: number): [number | null, number | null] {
  const alpha = 1 - level;
  // F(j − 1) increases with j: search the last j with F(j−1) ≤ α/2 and the first with F(j−1) ≥ 1 − α/2.
  let lower: number | null = null;
  let lo = 1;
  let hi = n;
  while (lo <= hi) {
    const j = Math.floor((lo + hi) / 2);
    if (binomialCdf(j - 1, n, p) <= alpha / 2) {
      lower = j;
      lo = j + 1;
    } else hi = j - 1;
  }
  let upper: number | null = null;
  lo = 1;
  hi = n;
  while (lo <= hi) {
    const j = Math.floor((lo + hi) / 2);
    if (binomialCdf(j - 1, n, p) >= 1 - alpha / 2) {
      upper = j;
      hi = j - 1;
    } else lo = j + 1;
  }
  return [lower, upper];
}

/** Order-statistic interval of the `percentile` (0–100) of sorted values; null without values. */
export function percentileInterval(sorted: ArrayLike<number>, percentile: number, level: number): Interval | null {
  const n = sorted.length;
  if (n === 0) return null;
  const [l, u] = quantileRanks(n, percentile / 100, level);
  return [l === null ? null : (sorted[l - 1] as number), u === null ? null : (sorted[u - 1] as number)];
}
