/**
 * The verdict: every pass/fail criterion of DESIGN §5 judged against an evaluation, each with its
 * value, its limit and pass / fail / inconclusive / n/a, and the overall verdict. Pure.
 *
 * Rules (docs/decisions.md, "Verdicts" and "Confidence and decision rules"):
 * - a disabled criterion is listed as n/a ("disabled") and never decides;
 * - an enabled criterion whose value is undefined (a ratio over zero, no confidence on a GPIO
 *   signal, negatives without a video length) is n/a and says why;
 * - an estimate that misses its limit fails, under either decision rule;
 * - under `point` an estimate that meets its limit passes; under `bound` it passes only when its
 *   one-sided bound at the run's level meets the limit too, else it is inconclusive and says how
 *   many more events (with no more misses) would settle it. F1, mean and max latency, confidence
 *   and count have no interval here: they are judged on their estimate, and say so;
 * - the overall verdict is fail if any criterion fails, else inconclusive if any is, else pass if
 *   at least one passes, and n/a when nothing could be judged;
 * - detection confidence is the mean confidence of the matched detections; detection count is
 *   the number of matched detections (true positives): evidence that the camera saw VRUs.
 */

import type { Verdict } from "../states";
import { oneSidedLevel, proportionInterval, quantileRanks } from "../stats/intervals";
import type { CriterionKey, DecisionRule, Judging, PassFailCriteria } from "../validation/project";
import { criterionLabels, legacyJudging } from "../validation/project";
import type { ClassResult } from "./evaluate";

type CriterionStatus = "pass" | "fail" | "n/a" | "inconclusive";

export type CriterionResult = {
  key: CriterionKey;
  label: string;
  /** `>=` for a minimum, `<=` for a maximum. */
  comparison: ">=" | "<=";
  value: number | null;
  limit: number;
  /** The latency statistic judged (maxLatencyMs only). */
  statistic?: string;
  enabled: boolean;
  status: CriterionStatus;
  /**
   * Under the `bound` rule: the one-sided confidence bound judged (null where it is open: too
   * few values to bound a percentile). Absent where the criterion is judged on its estimate.
   */
  bound?: number | null;
  /** An inconclusive criterion: how many more events, with no more misses, would settle it (null: too many to say). */
  moreEvents?: number | null;
  /** Why a criterion is n/a, inconclusive, or judged on its estimate under the `bound` rule. */
  note?: string;
};

export type Judgement = { verdict: Verdict; criteria: CriterionResult[] };

export type Judged = Pick<ClassResult, "counts" | "ratios" | "latencyMs"> &
  Partial<Pick<ClassResult, "bounds">> & {
    /** Mean confidence of the matched detections; null where the signal carries none. */
    meanConfidence: number | null;
    /** The matches' latencies, sorted (to say how many more events would settle a latency criterion). */
    latenciesMs?: ArrayLike<number>;
  };

type Rule = {
  comparison: ">=" | "<=";
  value: (r: Judged, c: PassFailCriteria) => number | null;
  missing: string;
  /**
   * The one-sided bound of the value at the run's level, for the `bound` rule: undefined where
   * the figure has no interval (it is then judged on its estimate), null where the bound is open.
   */
  bound?: (r: Judged, c: PassFailCriteria) => number | null | undefined;
  /** More events (with no more misses) after which the bound would meet `limit`. */
  settle?: (r: Judged, c: PassFailCriteria, judging: Judging) => number | null;
};

/** Most extra events a settle search looks at; past it, "more than can be said". */
const SETTLE_MAX = 10_000_000;

/** The smallest m ≥ 1 for which `enough(m)` holds (it holds for all larger m once it does), or null. */
function smallestEnough(enough: (m: number) => boolean): number | null {
  let hi = 1;
  while (!enough(hi)) {
    if (hi >= SETTLE_MAX) return null;
    hi = Math.min(SETTLE_MAX, hi * 2);
  }
  let lo = hi === 1 ? 0 : hi / 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (enough(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The lower bound of (k + m)/(n + m) reaches `limit` after m more successes. */
const moreSuccesses = (k: number, n: number, limit: number, judging: Judging) =>
  smallestEnough((m) => {
    const bound = proportionInterval(k + m, n + m, oneSidedLevel(judging.confidenceLevel), judging.intervalMethod);
    return bound !== null && bound[0] >= limit;
  });

const percentiles = { p50: 50, p95: 95, p99: 99 } as const;
const isPercentile = (s: string): s is keyof typeof percentiles => s in percentiles;

const rules: Record<CriterionKey, Rule> = {
  minPrecision: {
    comparison: ">=",
    value: (r) => r.ratios.precision,
    missing: "no detections",
    bound: (r) => r.bounds?.precision?.[0],
    settle: (r, c, j) => moreSuccesses(r.counts.tp, r.counts.tp + r.counts.fp, c.minPrecision.value, j),
  },
  minRecall: {
    comparison: ">=",
    value: (r) => r.ratios.recall,
    missing: "no ground truth",
    bound: (r) => r.bounds?.recall?.[0],
    settle: (r, c, j) => moreSuccesses(r.counts.tp, r.counts.tp + r.counts.fn, c.minRecall.value, j),
  },
  minF1Score: { comparison: ">=", value: (r) => r.ratios.f1, missing: "precision or recall is n/a" },
  maxLatencyMs: {
    comparison: "<=",
    value: (r, c) => r.latencyMs[c.maxLatencyMs.statistic],
    missing: "no matched detections",
    bound: (r, c) => {
      const statistic = c.maxLatencyMs.statistic;
      if (!isPercentile(statistic) || !r.bounds) return undefined;
      const interval = r.bounds.latencyMs[statistic];
      return interval ? interval[1] : undefined;
    },
    settle: (r, c, j) => {
      const statistic = c.maxLatencyMs.statistic;
      const sorted = r.latenciesMs;
      if (!isPercentile(statistic) || !sorted) return null;
      const limit = c.maxLatencyMs.value;
      let above = 0;
      for (let i = 0; i < sorted.length; i++) if ((sorted[i] as number) > limit) above++;
      // m more matches at most the limit: the upper bound is within the limit once its rank
      // falls among the values that are.
      return smallestEnough((m) => {
        const n = sorted.length + m;
        const [, upper] = quantileRanks(n, percentiles[statistic] / 100, oneSidedLevel(j.confidenceLevel));
        return upper !== null && upper <= n - above;
      });
    },
  },
  maxFalsePositiveRate: {
    comparison: "<=",
    value: (r) => r.ratios.falsePositiveRate,
    missing: "no negative windows (video length unknown, or ground truth everywhere)",
    bound: (r) => r.bounds?.falsePositiveRate?.[1],
    settle: (r, c, j) => {
      const { fp, tn } = r.counts;
      if (tn === null) return null;
      return smallestEnough((m) => {
        const bound = proportionInterval(fp, fp + tn + m, oneSidedLevel(j.confidenceLevel), j.intervalMethod);
        return bound !== null && bound[1] <= c.maxFalsePositiveRate.value;
      });
    },
  },
  minDetectionConfidence: {
    comparison: ">=",
    value: (r) => r.meanConfidence,
    missing: "the signal carries no confidence",
  },
  minAccuracy: {
    comparison: ">=",
    value: (r) => r.ratios.accuracy,
    missing: "no negative windows (video length unknown)",
    bound: (r) => r.bounds?.accuracy?.[0],
    settle: (r, c, j) => {
      const { tp, tn, fp, fn } = r.counts;
      if (tn === null) return null;
      return moreSuccesses(tp + tn, tp + tn + fp + fn, c.minAccuracy.value, j);
    },
  },
  minDetectionCount: { comparison: ">=", value: (r) => r.counts.tp, missing: "" },
};
const criterionOrder = Object.keys(rules) as CriterionKey[];

function meets(comparison: ">=" | "<=", value: number, limit: number): boolean {
  return comparison === ">=" ? value >= limit : value <= limit;
}

/**
 * The verdict of a set of criteria: fail if any fails; else inconclusive if any is; else pass if
 * any passes; n/a when nothing could be judged.
 */
function verdictOf(statuses: readonly CriterionStatus[]): Verdict {
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("inconclusive")) return "inconclusive";
  return statuses.includes("pass") ? "pass" : "n/a";
}

export function judge(result: Judged, criteria: PassFailCriteria, judging: Judging = legacyJudging): Judgement {
  const rule: DecisionRule = judging.decisionRule;
  const list = criterionOrder.map((key): CriterionResult => {
    const r = rules[key];
    const criterion = criteria[key];
    const value = r.value(result, criteria);
    const base = {
      key,
      label: criterionLabels[key],
      comparison: r.comparison,
      value,
      limit: criterion.value,
      enabled: criterion.enabled,
      ...(key === "maxLatencyMs" ? { statistic: criteria.maxLatencyMs.statistic } : {}),
    };
    if (!criterion.enabled) return { ...base, status: "n/a", note: "disabled" };
    if (value === null) return { ...base, status: "n/a", note: r.missing };
    if (!meets(r.comparison, value, criterion.value)) return { ...base, status: "fail" };
    if (rule === "point") return { ...base, status: "pass" };
    const bound = r.bound?.(result, criteria);
    if (bound === undefined) return { ...base, status: "pass", note: "judged on its estimate (no interval)" };
    if (bound !== null && meets(r.comparison, bound, criterion.value)) return { ...base, status: "pass", bound };
    const level = `${+(judging.confidenceLevel * 100).toFixed(2)} %`;
    const moreEvents = r.settle?.(result, criteria, judging) ?? null;
    return {
      ...base,
      status: "inconclusive",
      bound,
      moreEvents,
      note:
        bound === null
          ? `too few values to bound it at ${level}`
          : `the estimate meets the limit, its ${level} bound does not`,
    };
  });
  return { verdict: verdictOf(list.map((c) => c.status)), criteria: list };
}

/** An assigned video the verdict could not cover, and why. */
export type MissingVideo = { videoId: string; fileName: string; reason: string };

/**
 * The completeness rule: a verdict covers only what was played. While any assigned video lacks a
 * completed, analysed session, the run is `incomplete` — never pass, and not fail either: the
 * criteria judged on the videos that were played stay listed, and the missing videos are named.
 */
export function withCompleteness(judgement: Judgement, missing: readonly MissingVideo[]): Judgement {
  return missing.length === 0 ? judgement : { ...judgement, verdict: "incomplete" };
}

/** Every criterion n/a for the same reason (a run with no session has no evidence either way). */
export function notJudged(criteria: PassFailCriteria, note: string): Judgement {
  const judged = judge(
    {
      counts: { reference: 0, detections: 0, tp: 0, fp: 0, fn: 0, retriggers: 0, tn: null },
      ratios: {
        precision: null,
        recall: null,
        f1: null,
        falsePositiveRate: null,
        accuracy: null,
        falsePositivesPerHour: null,
      },
      latencyMs: { count: 0, mean: null, p50: null, p95: null, p99: null, max: null, shareAbove: {} },
      meanConfidence: null,
    },
    criteria,
  );
  return {
    verdict: "n/a",
    criteria: judged.criteria.map((c) => ({ ...c, value: null, status: "n/a", note: c.enabled ? note : "disabled" })),
  };
}

/**
 * The project refuses the run's time base (DESIGN §12: a rig's calibration too old, too spread, or
 * missing): the latency criterion cannot pass — passing or inconclusive, it is inconclusive and
 * says why; a latency that fails even so still fails. The run's verdict is then never a pass.
 */
export function withLatencyRefused(judgement: Judgement, reason: string | null): Judgement {
  if (!reason) return judgement;
  const criteria = judgement.criteria.map((c): CriterionResult => {
    if (c.key !== "maxLatencyMs" || !c.enabled || c.status === "n/a") return c;
    const note = `not judged: ${reason}`;
    return c.status === "fail" ? { ...c, note } : { ...c, status: "inconclusive", note };
  });
  const latency = criteria.find((c) => c.key === "maxLatencyMs");
  const blocks = latency?.status === "inconclusive" && judgement.verdict === "pass";
  return { verdict: blocks ? "inconclusive" : judgement.verdict, criteria };
}
