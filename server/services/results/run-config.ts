/**
 * A run's configuration for judging and matching: the thresholds and criteria it froze at
 * configure_tests (the project's own before that task ran), and the matching settings derived
 * from them. The one home for both, used by the analysis, the live view and the monitor.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { workflowTasks } from "@/db/schema";
import type { LatencyThresholds, PassFailCriteria } from "@/db/validation/project";
import { defaultEvaluationSettings, type EvaluationSettings } from "../../analysis/evaluate";
import { getProject } from "../projects/get-project";

export type RunConfig = {
  latencyThresholds: LatencyThresholds;
  passFailCriteria: PassFailCriteria;
  parameters: Record<string, unknown>;
};

/** The thresholds and criteria the run froze at configure_tests; the project's own before that. */
export async function loadRunConfig(
  workflowId: string,
  projectId: string,
  parameters: Record<string, unknown>,
): Promise<RunConfig> {
  const [task] = await getDb()
    .select({ output: workflowTasks.output })
    .from(workflowTasks)
    .where(and(eq(workflowTasks.workflowId, workflowId), eq(workflowTasks.name, "configure_tests")));
  const frozen = task?.output as Partial<RunConfig> | null | undefined;
  if (frozen?.latencyThresholds && frozen.passFailCriteria) {
    return { latencyThresholds: frozen.latencyThresholds, passFailCriteria: frozen.passFailCriteria, parameters };
  }
  const project = await getProject(projectId);
  return { latencyThresholds: project.latencyThresholds, passFailCriteria: project.passFailCriteria, parameters };
}

/** Matching settings of a run: match window = the end-to-end threshold (DESIGN §4). */
export function runSettings(config: RunConfig): EvaluationSettings {
  const early = Number(config.parameters.earlyToleranceMs);
  return {
    ...defaultEvaluationSettings,
    earlyToleranceMs: Number.isFinite(early) && early >= 0 ? early : defaultEvaluationSettings.earlyToleranceMs,
    matchWindowMs: config.latencyThresholds.endToEndLatencyMs,
    retriggersAsFp: config.parameters.retriggersAsFp === true,
    latencyThresholdsMs: [config.latencyThresholds.warningThresholdMs, config.latencyThresholds.criticalThresholdMs],
  };
}
