/** test_configuration: freezes the project's thresholds and criteria into the run. */
import { getProject } from "../services/projects/get-project";
import type { TaskDefinition } from "../workflow/registry";
import { type TaskOutput, taskOutputSchemas } from "./outputs";

export const configureTests: TaskDefinition<TaskOutput<"configure_tests">> = {
  name: "configure_tests",
  output: taskOutputSchemas.configure_tests,
  phase: "test_configuration",
  dependsOn: ["assign_videos"],
  weight: 1,
  async handler({ projectId }) {
    const project = await getProject(projectId);
    // Later edits of the project do not change a run that has started: its verdict uses these.
    return {
      output: {
        latencyThresholds: project.latencyThresholds,
        passFailCriteria: project.passFailCriteria,
        judging: project.judging,
        signalType: project.signalType,
        frozenAt: new Date().toISOString(),
      },
    };
  },
};
