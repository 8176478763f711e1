/**
 * Statistics of two runs over the same events (DESIGN §10): each ground-truth event is found by
 * both runs, by A only, by B only, or by neither.
 * - Recall difference B − A with Newcombe's paired interval (1998, method 10), built from the
 *   Wilson limits of each recall and the phi coefficient of the 2×2 table, no continuity
 *   correction.
 * - The exact McNemar test on the discordant pairs (a_only, b_only), as statsmodels'
 *   `mcnemar(table, exact=True)`: p = min(1, 2·BinomCDF(min(a_only, b_only); a_only + b_only, ½)).
 * - A seeded percentile bootstrap of a statistic over clusters (videos, or events when there is
 *   one video): clusters are resampled with replacement, both runs' values of a cluster together,
 *   so the pairing is kept.
 */
import { binomialCdf } from "./distributions";
import { type Interval, proportionInterval } from "./intervals";

export type PairedTable = { both: number; aOnly: number; bOnly: number; neither: number };

/** φ of the 2×2 table; 0 when a margin is empty (the formula's denominator would be 0). */
export function phiOf(t: PairedTable): number {
  const denominator = (t.both + t.bOnly) * (t.aOnly + t.neither) * (t.both + t.aOnly) * (t.bOnly + t.neither);
  if (denominator === 0) return 0;
  return (t.both * t.neither - t.aOnly * t.bOnly) / Math.sqrt(denominator);
}

/**
 * Recall B − A and Newcombe's interval of it at `level`; null without events. p1 = recall of B
 * with Wilson limits (l1, u1), p2 = recall of A with (l2, u2), θ = p1 − p2:
 * L = θ − √((p1−l1)² − 2φ(p1−l1)(u2−p2) + (u2−p2)²),
 * U = θ + √((u1−p1)² − 2φ(u1−p1)(p2−l2) + (p2−l2)²).
 */
export function pairedRecallDifference(
  t: PairedTable,
  level: number,
): { a: number; b: number; diff: number; interval: [number, number] } | null {
  const n = t.both + t.aOnly + t.bOnly + t.neither;
  if (n === 0) return null;
  const p1 = (t.both + t.bOnly) / n;
  const p2 = (t.both + t.aOnly) / n;
  const [l1, u1] = proportionInterval(t.both + t.bOnly, n, level, "wilson") as [number, number];
  const [l2, u2] = proportionInterval(t.both + t.aOnly, n, level, "wilson") as [number, number];
  const phi = phiOf(t);
  const theta = p1 - p2;
  // x² − 2φxy + y² written as (x − y)² + 2(1 − φ)xy: the same value, but at φ = 1 and x = y (no
  // discordant events) it is 0 exactly rather than a rounding error whose root is ~1e-8.
  const radius = (x: number, y: number) => Math.sqrt(Math.max(0, (x - y) ** 2 + 2 * (1 - phi) * x * y));
  const lower = theta - radius(p1 - l1, u2 - p2);
  const upper = theta + radius(u1 - p1, p2 - l2);
  return { a: p2, b: p1, diff: theta, interval: [Math.max(-1, lower), Math.min(1, upper)] };
}

/**
 * Exact (binomial) McNemar p-value of the discordant counts; 1 when there are none. The tail
 * Σ_{i ≤ k} C(n, i) / 2ⁿ is summed term by term in logarithms (exact to rounding where the
 * incomplete beta function loses digits for small n); past 100,000 terms, by that function.
 */
export function mcnemarExact(aOnly: number, bOnly: number): number {
  const n = aOnly + bOnly;
  if (n === 0) return 1;
  const k = Math.min(aOnly, bOnly);
  if (k > 100_000) return Math.min(1, 2 * binomialCdf(k, n, 0.5));
  let logTerm = -n * Math.LN2;
  let largest = logTerm;
  const logs = [logTerm];
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i);
    logs.push(logTerm);
    largest = Math.max(largest, logTerm);
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - largest);
  return Math.min(1, 2 * Math.exp(largest) * sum);
}

/**
 * Percentile bootstrap of `statistic` over `clusters`: `resamples` draws of as many clusters,
 * with replacement, from `random`; the interval is the (α/2, 1 − α/2) quantiles of the draws
 * whose statistic is defined (nearest rank). Open (null) ends when fewer than 2 draws are.
 */
export function bootstrapInterval<C>(
  clusters: readonly C[],
  statistic: (sample: readonly C[]) => number | null,
  options: { level: number; resamples: number; random: () => number },
): { interval: Interval; defined: number } {
  const { level, resamples, random } = options;
  const n = clusters.length;
  const values: number[] = [];
  const sample: C[] = new Array(n);
  for (let r = 0; r < resamples && n > 0; r++) {
    for (let i = 0; i < n; i++) sample[i] = clusters[Math.floor(random() * n)] as C;
    const value = statistic(sample);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  if (values.length < 2) return { interval: [null, null], defined: values.length };
  values.sort((x, y) => x - y);
  const alpha = 1 - level;
  const at = (q: number) => values[Math.min(values.length, Math.max(1, Math.ceil(q * values.length))) - 1] as number;
  return { interval: [at(alpha / 2), at(1 - alpha / 2)], defined: values.length };
}
