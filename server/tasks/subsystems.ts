/**
 * The interfaces through which a run reaches the subsystems that play its videos on rigs and
 * analyse the results. The composition root (server/runtime/compose.ts) gives the default tasks
 * the real ones — rig execution (./rig-execution.ts), falling back to a dry run
 * (./dry-run.ts) when no rig exists, and the analysis (./result-analysis.ts); tests give doubles.
 *
 * Contract for implementations:
 * - they receive the run's frozen configuration and the outputs of earlier tasks, an AbortSignal
 *   that they must honour promptly (cancel, timeout, shutdown), and a progress reporter;
 * - they may be called again for the same run after a crash (at-least-once) and must not double
 *   their effect: writes go through `commit`, which runs in the task's completion transaction;
 * - they throw to fail the attempt (it is retried with backoff up to the task's attempts).
 */
import type { TaskContext, TaskResult } from "../workflow/registry";
import type { TaskOutput } from "./outputs";

export type SubsystemCall = Pick<
  TaskContext,
  "workflowId" | "projectId" | "attempt" | "signal" | "progress" | "outputs" | "parameters"
>;

export type TestExecutor = {
  /** Plays every assigned video on the rigs, one test session per video. */
  executeTests(call: SubsystemCall): Promise<TaskResult<TaskOutput<"execute_tests">>>;
  /** Watches the sessions while they run and raises latency alerts; ends when they end. */
  monitorExecution(call: SubsystemCall): Promise<TaskResult<TaskOutput<"monitor_execution">>>;
};

export type ResultAnalyzer = {
  /** Matching and metrics for every session of the run. */
  analyzeResults(call: SubsystemCall): Promise<TaskResult<TaskOutput<"analyze_results">>>;
  /** The verdict per criterion. */
  validateResults(call: SubsystemCall): Promise<TaskResult<TaskOutput<"validate_results">>>;
};

export type Subsystems = { executor: TestExecutor; analyzer: ResultAnalyzer };
