/** The nine default tasks of a validation run (DESIGN §3), given the subsystems they call. */
import type { TaskDefinition } from "../workflow/registry";
import { allocateResources } from "./allocate-resources";
import { assignVideos } from "./assign-videos";
import { configureTests } from "./configure-tests";
import { generateGroundTruth } from "./generate-ground-truth";
import { subsystemTasks } from "./subsystem-tasks";
import type { Subsystems } from "./subsystems";
import { validateProject } from "./validate-project";

export function defaultTasks(subsystems: Subsystems): TaskDefinition[] {
  return [
    validateProject,
    allocateResources,
    assignVideos,
    generateGroundTruth,
    configureTests,
    ...subsystemTasks(subsystems),
  ];
}

/** A run's tasks when it names none, in their order. */
export const defaultTaskNames = [
  "validate_project",
  "allocate_resources",
  "assign_videos",
  "generate_ground_truth",
  "configure_tests",
  "execute_tests",
  "monitor_execution",
  "analyze_results",
  "validate_results",
] as const;
