/** The four tasks that call the rig and analysis subsystems through their interfaces. */
import type { TaskDefinition } from "../workflow/registry";
import { taskOutputSchemas } from "./outputs";
import type { Subsystems } from "./subsystems";

/**
 * Playing a run's videos lasts as long as the videos and the queue for rigs; execute_tests and
 * monitor_execution end by their own rules (every session settles within bounded times,
 * server/dispatch), so their attempt timeout is only a backstop, a day.
 */
const PLAYBACK_TIMEOUT_SECONDS = 86_400;

export function subsystemTasks({ executor, analyzer }: Subsystems): TaskDefinition[] {
  return [
    {
      name: "execute_tests",
      output: taskOutputSchemas.execute_tests,
      phase: "execution",
      dependsOn: ["generate_ground_truth", "configure_tests"],
      weight: 10,
      component: "test_execution",
      timeoutSeconds: PLAYBACK_TIMEOUT_SECONDS,
      handler: (context) => executor.executeTests(context),
    },
    {
      name: "monitor_execution",
      output: taskOutputSchemas.monitor_execution,
      phase: "monitoring",
      dependsOn: ["configure_tests"],
      weight: 1,
      component: "test_execution",
      timeoutSeconds: PLAYBACK_TIMEOUT_SECONDS,
      handler: (context) => executor.monitorExecution(context),
    },
    {
      name: "analyze_results",
      output: taskOutputSchemas.analyze_results,
      phase: "analysis",
      dependsOn: ["execute_tests"],
      weight: 4,
      component: "analysis",
      handler: (context) => analyzer.analyzeResults(context),
    },
    {
      name: "validate_results",
      output: taskOutputSchemas.validate_results,
      phase: "validation",
      dependsOn: ["analyze_results", "monitor_execution"],
      weight: 1,
      component: "validation",
      handler: (context) => analyzer.validateResults(context),
    },
  ];
}
