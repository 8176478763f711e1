/**
 * Two runs over the same ground-truth events, compared (DESIGN §10): the paired outcome table,
 * McNemar's exact test, recall of each with its Wilson interval and B − A with Newcombe's paired
 * interval, p50/p95 latency of each and the p95 difference with a seeded paired bootstrap over
 * clusters (videos; events when there is one), false positives per hour with Garwood intervals,
 * figures per cluster, and the events whose outcome changed. Then the regression gate decides
 * on those intervals. Pure: paired outcomes in, the comparison out; the app (per video) and
 * `sightline compare` (per file) build the same input.
 */
import { seededRandom } from "../seeded-random";
import { type Interval, poissonRateInterval, proportionInterval } from "../stats/intervals";
import { bootstrapInterval, mcnemarExact, pairedRecallDifference } from "../stats/paired";
import { nearestRank } from "./evaluate";

/** One ground-truth event and what each run made of it: its latency when found, else null. */
export type PairedEvent<R = string> = { reference: R; cluster: string; a: number | null; b: number | null };

/** A cluster (a video or a file): its name, hours of video where known, each run's false positives. */
export type ClusterInfo = { id: string; label: string; hours: number | null; falsePositives: { a: number; b: number } };

export type ComparisonOptions = {
  level: number;
  seed: number;
  resamples: number;
};

const defaultComparisonOptions: ComparisonOptions = { level: 0.95, seed: 1, resamples: 2000 };
export const MAX_RESAMPLES = 20_000;

type Side = "a" | "b";

type ClusterDelta = {
  cluster: string;
  label: string;
  events: number;
  found_a: number;
  found_b: number;
  recall_a: number | null;
  recall_b: number | null;
  recall_diff: number | null;
  p95_a: number | null;
  p95_b: number | null;
  false_positives_a: number;
  false_positives_b: number;
  /** Events found by one run only. */
  changed: number;
};

export type RunComparison<R = string> = {
  events: number;
  paired: { both: number; a_only: number; b_only: number; neither: number };
  mcnemar_p: number;
  recall: { a: number | null; b: number | null; diff: number | null; diff_ci: [number, number] | null };
  /** Wilson intervals of each run's recall at the comparison's level. */
  recall_ci: { a: [number, number] | null; b: [number, number] | null; level: number };
  latency_ms: {
    p50_a: number | null;
    p50_b: number | null;
    p95_a: number | null;
    p95_b: number | null;
    p95_diff: number | null;
    p95_diff_ci: Interval | null;
  };
  bootstrap: { seed: number; resamples: number; unit: "video" | "event"; clusters: number; level: number };
  false_positives: {
    a: number;
    b: number;
    /** Hours of video behind the rates (null where a duration is unknown). */
    hours: number | null;
    per_hour_a: number | null;
    per_hour_b: number | null;
    per_hour_a_ci: [number, number] | null;
    per_hour_b_ci: [number, number] | null;
  };
  per_cluster: ClusterDelta[];
  /** Events found by one run only, in the order given: `in` names the run that found it. */
  changed: { reference: R; in: Side; cluster: string }[];
};

/** p-th nearest-rank percentile of the first `n` values of `buffer` (reordered in place). */
function selectRank(buffer: Float64Array, n: number, p: number): number | null {
  if (n === 0) return null;
  const k = Math.min(n, Math.max(1, Math.ceil((p / 100) * n))) - 1;
  let lo = 0;
  let hi = n - 1;
  // Quickselect (Hoare partition, middle pivot): expected linear, so each resample costs O(n).
  while (lo < hi) {
    const pivot = buffer[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((buffer[i] as number) < pivot) i++;
      while ((buffer[j] as number) > pivot) j--;
      if (i <= j) {
        const t = buffer[i] as number;
        buffer[i] = buffer[j] as number;
        buffer[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return buffer[k] as number;
}

const latenciesOf = (events: readonly PairedEvent<unknown>[], side: Side) =>
  events.flatMap((e) => (e[side] === null ? [] : [e[side] as number])).sort((x, y) => x - y);

export function compareRuns<R>(
  events: readonly PairedEvent<R>[],
  clusters: readonly ClusterInfo[],
  options: ComparisonOptions = defaultComparisonOptions,
): RunComparison<R> {
  const { level, seed, resamples } = options;
  const paired = { both: 0, a_only: 0, b_only: 0, neither: 0 };
  const changed: RunComparison<R>["changed"] = [];
  for (const e of events) {
    const a = e.a !== null;
    const b = e.b !== null;
    if (a && b) paired.both++;
    else if (a) {
      paired.a_only++;
      changed.push({ reference: e.reference, in: "a", cluster: e.cluster });
    } else if (b) {
      paired.b_only++;
      changed.push({ reference: e.reference, in: "b", cluster: e.cluster });
    } else paired.neither++;
  }
  const n = events.length;
  const difference = pairedRecallDifference(
    { both: paired.both, aOnly: paired.a_only, bOnly: paired.b_only, neither: paired.neither },
    level,
  );

  const sortedA = latenciesOf(events, "a");
  const sortedB = latenciesOf(events, "b");
  const p95a = nearestRank(sortedA, 95);
  const p95b = nearestRank(sortedB, 95);

  // The bootstrap resamples clusters (videos) with all their events, A's and B's together, so
  // that events of one video, which are not independent, move as one; with one video, events.
  const byCluster = new Map<string, PairedEvent<R>[]>();
  for (const e of events) {
    const list = byCluster.get(e.cluster);
    if (list) list.push(e);
    else byCluster.set(e.cluster, [e]);
  }
  const unit = byCluster.size >= 2 ? "video" : "event";
  const units: { a: number[]; b: number[] }[] =
    unit === "video"
      ? [...byCluster.values()].map((list) => ({ a: latenciesOf(list, "a"), b: latenciesOf(list, "b") }))
      : events.map((e) => ({ a: e.a === null ? [] : [e.a], b: e.b === null ? [] : [e.b] }));
  const bufferA = new Float64Array(sortedA.length * Math.max(1, units.length));
  const bufferB = new Float64Array(sortedB.length * Math.max(1, units.length));
  const p95Difference = (sample: readonly { a: number[]; b: number[] }[]) => {
    let na = 0;
    let nb = 0;
    for (const u of sample) {
      for (const x of u.a) bufferA[na++] = x;
      for (const x of u.b) bufferB[nb++] = x;
    }
    const qa = selectRank(bufferA, na, 95);
    const qb = selectRank(bufferB, nb, 95);
    return qa === null || qb === null ? null : qb - qa;
  };
  const p95Ci =
    p95a === null || p95b === null
      ? null
      : bootstrapInterval(units, p95Difference, { level, resamples, random: seededRandom(seed) }).interval;

  let fpA = 0;
  let fpB = 0;
  let hours: number | null = clusters.length > 0 ? 0 : null;
  for (const c of clusters) {
    fpA += c.falsePositives.a;
    fpB += c.falsePositives.b;
    hours = hours === null || c.hours === null ? null : hours + c.hours;
  }
  const perHour = (count: number) => (hours !== null && hours > 0 ? count / hours : null);
  const rateCi = (count: number) => (hours !== null && hours > 0 ? poissonRateInterval(count, hours, level) : null);

  const perCluster = clusters.map((c): ClusterDelta => {
    const own = byCluster.get(c.id) ?? [];
    const foundA = own.filter((e) => e.a !== null).length;
    const foundB = own.filter((e) => e.b !== null).length;
    const recallA = own.length ? foundA / own.length : null;
    const recallB = own.length ? foundB / own.length : null;
    return {
      cluster: c.id,
      label: c.label,
      events: own.length,
      found_a: foundA,
      found_b: foundB,
      recall_a: recallA,
      recall_b: recallB,
      recall_diff: recallA === null || recallB === null ? null : recallB - recallA,
      p95_a: nearestRank(latenciesOf(own, "a"), 95),
      p95_b: nearestRank(latenciesOf(own, "b"), 95),
      false_positives_a: c.falsePositives.a,
      false_positives_b: c.falsePositives.b,
      changed: own.filter((e) => (e.a === null) !== (e.b === null)).length,
    };
  });

  return {
    events: n,
    paired,
    mcnemar_p: mcnemarExact(paired.a_only, paired.b_only),
    recall: {
      a: difference?.a ?? null,
      b: difference?.b ?? null,
      diff: difference?.diff ?? null,
      diff_ci: difference?.interval ?? null,
    },
    recall_ci: {
      a: proportionInterval(paired.both + paired.a_only, n, level, "wilson"),
      b: proportionInterval(paired.both + paired.b_only, n, level, "wilson"),
      level,
    },
    latency_ms: {
      p50_a: nearestRank(sortedA, 50),
      p50_b: nearestRank(sortedB, 50),
      p95_a: p95a,
      p95_b: p95b,
      p95_diff: p95a === null || p95b === null ? null : p95b - p95a,
      p95_diff_ci: p95Ci,
    },
    bootstrap: { seed, resamples, unit, clusters: unit === "video" ? byCluster.size : n, level },
    false_positives: {
      a: fpA,
      b: fpB,
      hours,
      per_hour_a: perHour(fpA),
      per_hour_b: perHour(fpB),
      per_hour_a_ci: rateCi(fpA),
      per_hour_b_ci: rateCi(fpB),
    },
    per_cluster: perCluster,
    changed,
  };
}
