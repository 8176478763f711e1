/**
 * A run's configuration for judging and matching: the thresholds and criteria it froze at
 * configure_tests (the project's own before that task ran), and the videos it must cover; the
 * matching settings derived from them are lib/analysis/run-settings.ts.
 */
import { and, eq } from "drizzle-orm";
import { workflowTasks } from "@/db/schema";
import type { RunSettingsInput } from "@/lib/analysis/run-settings";
import { type Judging, type LatencyThresholds, legacyJudging, type PassFailCriteria } from "@/lib/validation/project";
import type { RunParameters } from "@/lib/validation/workflow";
import { getDb } from "@/server/runtime/slot";
import { assignedVideosOf, outputOf } from "../../tasks/outputs";
import { getProject } from "../projects/get-project";

export type RunConfig = RunSettingsInput & {
  latencyThresholds: LatencyThresholds;
  passFailCriteria: PassFailCriteria;
  judging: Judging;
};

/**
 * The thresholds, criteria and judging the run froze at configure_tests (a run frozen before
 * judging was a setting is judged as it was then); the project's own before that task ran.
 */
export async function loadRunConfig(
  workflowId: string,
  projectId: string,
  parameters: RunParameters,
): Promise<RunConfig> {
  const [task] = await getDb()
    .select({ output: workflowTasks.output })
    .from(workflowTasks)
    .where(and(eq(workflowTasks.workflowId, workflowId), eq(workflowTasks.name, "configure_tests")));
  const frozen = outputOf({ configure_tests: task?.output }, "configure_tests");
  if (frozen) {
    return {
      latencyThresholds: frozen.latencyThresholds,
      passFailCriteria: frozen.passFailCriteria,
      judging: frozen.judging ?? legacyJudging,
      parameters,
    };
  }
  const project = await getProject(projectId);
  return {
    latencyThresholds: project.latencyThresholds,
    passFailCriteria: project.passFailCriteria,
    judging: project.judging,
    parameters,
  };
}

/** The same, read from a run's stored task outputs. */
export async function loadAssignedVideos(workflowId: string): Promise<string[]> {
  const tasks = await getDb()
    .select({ name: workflowTasks.name, output: workflowTasks.output })
    .from(workflowTasks)
    .where(eq(workflowTasks.workflowId, workflowId));
  return assignedVideosOf(Object.fromEntries(tasks.map((t) => [t.name, t.output])));
}
