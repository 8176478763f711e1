/** Registers the nine default tasks of a validation run (DESIGN §3). */
import { registerTask } from "../registry";
import { allocateResources } from "./allocate-resources";
import { assignVideos } from "./assign-videos";
import { configureTests } from "./configure-tests";
import { generateGroundTruth } from "./generate-ground-truth";
import { analyzeResults, executeTests, monitorExecution, validateResults } from "./subsystem-tasks";
import { validateProject } from "./validate-project";

const defaults = [
  validateProject,
  allocateResources,
  assignVideos,
  generateGroundTruth,
  configureTests,
  executeTests,
  monitorExecution,
  analyzeResults,
  validateResults,
];
for (const task of defaults) registerTask(task);

export const defaultTaskNames: readonly string[] = defaults.map((t) => t.name);
