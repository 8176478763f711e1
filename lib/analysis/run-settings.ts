/**
 * Matching settings of a run, from its frozen thresholds and parameters (DESIGN §4): the match
 * window is the end-to-end threshold, the early tolerance 50 ms unless the run says otherwise,
 * re-triggers not counted as false positives unless asked. Pure, so an audit can derive the same
 * settings from a run's record.
 */
import type { Judging, LatencyThresholds } from "../validation/project";
import type { RunParameters } from "../validation/workflow";
import { defaultEvaluationSettings, type EvaluationSettings } from "./evaluate";

export type RunSettingsInput = { latencyThresholds: LatencyThresholds; parameters: RunParameters; judging?: Judging };

/** Matching settings of a run: match window = the end-to-end threshold (DESIGN §4). */
export function runSettings(config: RunSettingsInput): EvaluationSettings {
  return {
    ...defaultEvaluationSettings,
    earlyToleranceMs: config.parameters.earlyToleranceMs ?? defaultEvaluationSettings.earlyToleranceMs,
    matchWindowMs: config.latencyThresholds.endToEndLatencyMs,
    retriggersAsFp: config.parameters.retriggersAsFp === true,
    latencyThresholdsMs: [config.latencyThresholds.warningThresholdMs, config.latencyThresholds.criticalThresholdMs],
    ...(config.judging
      ? { confidence: { level: config.judging.confidenceLevel, method: config.judging.intervalMethod } }
      : {}),
  };
}
