/** test_configuration: freezes the project's thresholds and criteria into the run. */
import { getProject } from "../../services/projects/get-project";
import type { TaskDefinition } from "../registry";

export const configureTests: TaskDefinition = {
  name: "configure_tests",
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
        signalType: project.signalType,
        frozenAt: new Date().toISOString(),
      },
    };
  },
};
