/** Maps the nested pass/fail criteria of the API to the flat columns of pass_fail_criteria. */
import type { passFailCriteria } from "@/db/schema";
import type { PassFailCriteria } from "@/lib/validation/project";

type CriteriaRow = typeof passFailCriteria.$inferSelect;
type CriteriaColumns = Omit<CriteriaRow, "projectId" | "updatedAt">;

export function toCriteriaColumns(c: PassFailCriteria): CriteriaColumns {
  return {
    minPrecision: c.minPrecision.value,
    minPrecisionEnabled: c.minPrecision.enabled,
    minRecall: c.minRecall.value,
    minRecallEnabled: c.minRecall.enabled,
    minF1Score: c.minF1Score.value,
    minF1ScoreEnabled: c.minF1Score.enabled,
    maxLatencyMs: c.maxLatencyMs.value,
    maxLatencyStatistic: c.maxLatencyMs.statistic,
    maxLatencyMsEnabled: c.maxLatencyMs.enabled,
    maxFalsePositiveRate: c.maxFalsePositiveRate.value,
    maxFalsePositiveRateEnabled: c.maxFalsePositiveRate.enabled,
    minDetectionConfidence: c.minDetectionConfidence.value,
    minDetectionConfidenceEnabled: c.minDetectionConfidence.enabled,
    minAccuracy: c.minAccuracy.value,
    minAccuracyEnabled: c.minAccuracy.enabled,
    minDetectionCount: c.minDetectionCount.value,
    minDetectionCountEnabled: c.minDetectionCount.enabled,
  };
}

export function fromCriteriaRow(r: CriteriaRow): PassFailCriteria {
  return {
    minPrecision: { enabled: r.minPrecisionEnabled, value: r.minPrecision },
    minRecall: { enabled: r.minRecallEnabled, value: r.minRecall },
    minF1Score: { enabled: r.minF1ScoreEnabled, value: r.minF1Score },
    maxLatencyMs: { enabled: r.maxLatencyMsEnabled, value: r.maxLatencyMs, statistic: r.maxLatencyStatistic },
    maxFalsePositiveRate: { enabled: r.maxFalsePositiveRateEnabled, value: r.maxFalsePositiveRate },
    minDetectionConfidence: { enabled: r.minDetectionConfidenceEnabled, value: r.minDetectionConfidence },
    minAccuracy: { enabled: r.minAccuracyEnabled, value: r.minAccuracy },
    minDetectionCount: { enabled: r.minDetectionCountEnabled, value: r.minDetectionCount },
  };
}
