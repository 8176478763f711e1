/**
 * A run's configuration for judging and matching: the thresholds and criteria it froze at
 * configure_tests (the project's own before that task ran), and the videos it must cover; the
 * matching settings derived from them are lib/analysis/run-settings.ts.
 */
import { and, eq } from "drizzle-orm";
import { workflowTasks } from "@/db/schema";
import type { RunSettingsInput } from "@/lib/analysis/run-settings";
import type { LatencyThresholds, PassFailCriteria } from "@/lib/validation/project";
import { getDb } from "@/server/runtime/slot";
import { outputOf } from "../../tasks/outputs";
import { getProject } from "../projects/get-project";

export type RunConfig = RunSettingsInput & {
  latencyThresholds: LatencyThresholds;
  passFailCriteria: PassFailCriteria;
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
  const frozen = outputOf({ configure_tests: task?.output }, "configure_tests");
  if (frozen) {
    return { latencyThresholds: frozen.latencyThresholds, passFailCriteria: frozen.passFailCriteria, parameters };
  }
  const project = await getProject(projectId);
  return { latencyThresholds: project.latencyThresholds, passFailCriteria: project.passFailCriteria, parameters };
}

/**
 * The videos a run must cover: the list generate_ground_truth kept (videos with usable ground
 * truth), else assign_videos' frozen assignment.
 */
export function assignedVideosOf(outputs: Readonly<Record<string, unknown>>): string[] {
  return outputOf(outputs, "generate_ground_truth")?.videoIds ?? outputOf(outputs, "assign_videos")?.videoIds ?? [];
}

/** The same, read from a run's stored task outputs. */
export async function loadAssignedVideos(workflowId: string): Promise<string[]> {
  const tasks = await getDb()
    .select({ name: workflowTasks.name, output: workflowTasks.output })
    .from(workflowTasks)
    .where(eq(workflowTasks.workflowId, workflowId));
  return assignedVideosOf(Object.fromEntries(tasks.map((t) => [t.name, t.output])));
}
