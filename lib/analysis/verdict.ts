/**
 * The verdict: every pass/fail criterion of DESIGN §5 judged against an evaluation, each with its
 * value, its limit and pass / fail / n/a, and the overall verdict. Pure.
 *
 * Rules (docs/decisions.md, "Verdicts"):
 * - a disabled criterion is listed as n/a ("disabled") and never decides;
 * - an enabled criterion whose value is undefined (a ratio over zero, no confidence on a GPIO
 *   signal, negatives without a video length) is n/a and says why;
 * - the overall verdict is fail if any criterion fails, pass if none fails and at least one
 *   passes, and n/a when nothing could be judged;
 * - detection confidence is the mean confidence of the matched detections; detection count is
 *   the number of matched detections (true positives): evidence that the camera saw VRUs.
 */
import type { CriterionKey, PassFailCriteria } from "@/lib/validation/project";
import { criterionLabels } from "@/lib/validation/project";
import type { Verdict } from "../states";
import type { ClassResult } from "./evaluate";

type CriterionStatus = "pass" | "fail" | "n/a";
/** `incomplete`: some assigned video has no completed, analysed session (DESIGN §9, completeness). */

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
  /** Why a criterion is n/a. */
  note?: string;
};

export type Judgement = { verdict: Verdict; criteria: CriterionResult[] };

export type Judged = Pick<ClassResult, "counts" | "ratios" | "latencyMs"> & {
  /** Mean confidence of the matched detections; null where the signal carries none. */
  meanConfidence: number | null;
};

type Rule = { comparison: ">=" | "<="; value: (r: Judged, c: PassFailCriteria) => number | null; missing: string };

const rules: Record<CriterionKey, Rule> = {
  minPrecision: { comparison: ">=", value: (r) => r.ratios.precision, missing: "no detections" },
  minRecall: { comparison: ">=", value: (r) => r.ratios.recall, missing: "no ground truth" },
  minF1Score: { comparison: ">=", value: (r) => r.ratios.f1, missing: "precision or recall is n/a" },
  maxLatencyMs: {
    comparison: "<=",
    value: (r, c) => r.latencyMs[c.maxLatencyMs.statistic],
    missing: "no matched detections",
  },
  maxFalsePositiveRate: {
    comparison: "<=",
    value: (r) => r.ratios.falsePositiveRate,
    missing: "no negative windows (video length unknown, or ground truth everywhere)",
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
  },
  minDetectionCount: { comparison: ">=", value: (r) => r.counts.tp, missing: "" },
};

const criterionOrder = Object.keys(rules) as CriterionKey[];

export function judge(result: Judged, criteria: PassFailCriteria): Judgement {
  const list = criterionOrder.map((key): CriterionResult => {
    const rule = rules[key];
    const criterion = criteria[key];
    const value = rule.value(result, criteria);
    const base = {
      key,
      label: criterionLabels[key],
      comparison: rule.comparison,
      value,
      limit: criterion.value,
      enabled: criterion.enabled,
      ...(key === "maxLatencyMs" ? { statistic: criteria.maxLatencyMs.statistic } : {}),
    };
    if (!criterion.enabled) return { ...base, status: "n/a", note: "disabled" };
    if (value === null) return { ...base, status: "n/a", note: rule.missing };
    const ok = rule.comparison === ">=" ? value >= criterion.value : value <= criterion.value;
    return { ...base, status: ok ? "pass" : "fail" };
  });
  const verdict: Verdict = list.some((c) => c.status === "fail")
    ? "fail"
    : list.some((c) => c.status === "pass")
      ? "pass"
      : "n/a";
  return { verdict, criteria: list };
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
