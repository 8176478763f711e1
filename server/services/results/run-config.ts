/**
 * A run's configuration for judging and matching: the thresholds and criteria it froze at
 * configure_tests (the project's own before that task ran), and the videos it must cover; the
 * matching settings derived from them are server/analysis/run-settings.ts.
 */
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { workflowTasks } from "@/db/schema";
import type { LatencyThresholds, PassFailCriteria } from "@/db/validation/project";
import type { RunSettingsInput } from "../../analysis/run-settings";
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
  const frozen = task?.output as Partial<RunConfig> | null | undefined;
  if (frozen?.latencyThresholds && frozen.passFailCriteria) {
    return { latencyThresholds: frozen.latencyThresholds, passFailCriteria: frozen.passFailCriteria, parameters };
  }
  const project = await getProject(projectId);
  return { latencyThresholds: project.latencyThresholds, passFailCriteria: project.passFailCriteria, parameters };
}

type TaskOutputs = Record<string, Record<string, unknown> | null | undefined>;

/**
 * The videos a run must cover: the list generate_ground_truth kept (videos with usable ground
 * truth), else assign_videos' frozen assignment.
 */
export function assignedVideosOf(outputs: TaskOutputs): string[] {
  const list = outputs.generate_ground_truth?.videoIds ?? outputs.assign_videos?.videoIds;
  return Array.isArray(list) ? list.filter((id): id is string => typeof id === "string") : [];
}

/** The same, read from a run's stored task outputs. */
export async function loadAssignedVideos(workflowId: string): Promise<string[]> {
  const tasks = await getDb()
    .select({ name: workflowTasks.name, output: workflowTasks.output })
    .from(workflowTasks)
    .where(eq(workflowTasks.workflowId, workflowId));
  return assignedVideosOf(Object.fromEntries(tasks.map((t) => [t.name, t.output])));
}
