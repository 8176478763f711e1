/** The four tasks that call the rig and analysis subsystems through their interfaces. */
import type { TaskDefinition } from "../registry";

/**
 * Playing a run's videos lasts as long as the videos and the queue for rigs; execute_tests and
 * monitor_execution end by their own rules (every session settles within bounded times,
 * server/dispatch), so their attempt timeout is only a backstop, a day.
 */
const PLAYBACK_TIMEOUT_SECONDS = 86_400;

import { resultAnalyzer, testExecutor } from "../subsystems";

export const executeTests: TaskDefinition = {
  name: "execute_tests",
  phase: "execution",
  dependsOn: ["generate_ground_truth", "configure_tests"],
  weight: 10,
  component: "test_execution",
  timeoutSeconds: PLAYBACK_TIMEOUT_SECONDS,
  handler: (context) => testExecutor().executeTests(context),
};

export const monitorExecution: TaskDefinition = {
  name: "monitor_execution",
  phase: "monitoring",
  dependsOn: ["configure_tests"],
  weight: 1,
  component: "test_execution",
  timeoutSeconds: PLAYBACK_TIMEOUT_SECONDS,
  handler: (context) => testExecutor().monitorExecution(context),
};

export const analyzeResults: TaskDefinition = {
  name: "analyze_results",
  phase: "analysis",
  dependsOn: ["execute_tests"],
  weight: 4,
  component: "analysis",
  handler: (context) => resultAnalyzer().analyzeResults(context),
};

export const validateResults: TaskDefinition = {
  name: "validate_results",
  phase: "validation",
  dependsOn: ["analyze_results", "monitor_execution"],
  weight: 1,
  component: "validation",
  handler: (context) => resultAnalyzer().validateResults(context),
};
