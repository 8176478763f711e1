/**
 * The interfaces through which the workflow reaches the subsystems that run tests on rigs and
 * analyse their results. The analysis is built in (./result-analysis.ts); the rig installs its
 * executor at start-up, and until then the built-in one says plainly that nothing was executed
 * (sessions may still come from imported detection files), so that a run completes with an
 * honest result rather than failing. Tests install their own.
 *
 * Contract for implementations:
 * - they receive the run's frozen configuration and the outputs of earlier tasks, an AbortSignal
 *   that they must honour promptly (cancel, timeout, shutdown), and a progress reporter;
 * - they may be called again for the same run after a crash (at-least-once) and must not double
 *   their effect: writes go through `commit`, which runs in the task's completion transaction;
 * - they throw to fail the attempt (it is retried with backoff up to the task's attempts).
 */
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { workflows } from "@/db/schema";
import { abortableDelay } from "./abortable-delay";
import type { TaskContext, TaskResult } from "./registry";
import { resultAnalysis } from "./result-analysis";
import { rigExecution } from "./rig-execution";

export type SubsystemCall = Pick<
  TaskContext,
  "workflowId" | "projectId" | "attempt" | "signal" | "progress" | "outputs" | "parameters"
>;

export type TestExecutor = {
  /** Plays every assigned video on the rigs, one test session per video. */
  executeTests(call: SubsystemCall): Promise<TaskResult>;
  /** Watches the sessions while they run and raises latency alerts; ends when they end. */
  monitorExecution(call: SubsystemCall): Promise<TaskResult>;
};

export type ResultAnalyzer = {
  /** Matching and metrics for every session of the run. */
  analyzeResults(call: SubsystemCall): Promise<TaskResult>;
  /** The verdict per criterion. */
  validateResults(call: SubsystemCall): Promise<TaskResult>;
};

const PAUSE_POLL_MS = 500;

async function isPaused(workflowId: string): Promise<boolean> {
  const [run] = await getDb()
    .select({ control: workflows.control })
    .from(workflows)
    .where(eq(workflows.id, workflowId));
  return run?.control === "paused";
}

const noRigSubsystem: TestExecutor = {
  /**
   * Without rigs, a run may still be tried end to end as a dry run: `parameters.dryRunSeconds`
   * simulates playback for that long, reporting progress about twice a second, and executes no
   * session. While the run is paused the simulated playback holds where it is, as a rig's
   * sessions would wait.
   */
  async executeTests({ workflowId, parameters, signal, progress }) {
    const seconds = Number(parameters.dryRunSeconds ?? 0);
    if (Number.isFinite(seconds) && seconds > 0) {
      const steps = Math.min(2000, Math.max(20, Math.ceil(seconds * 2)));
      for (let step = 1; step <= steps; step++) {
        await abortableDelay((seconds * 1000) / steps, signal);
        while (await isPaused(workflowId)) await abortableDelay(PAUSE_POLL_MS, signal);
        await progress((100 * step) / steps);
      }
    }
    return {
      output: {
        sessions: 0,
        dryRunSeconds: seconds > 0 ? seconds : undefined,
        note: "Dry run: playback was simulated without a rig; no test session was executed.",
      },
    };
  },
  async monitorExecution() {
    return { output: { alerts: 0, note: "No rig subsystem is installed: nothing to monitor." } };
  },
};

const rigExecutor = rigExecution(noRigSubsystem);

const holder = globalThis as { __sightlineExecutor?: TestExecutor; __sightlineAnalyzer?: ResultAnalyzer };

export function installTestExecutor(executor: TestExecutor | undefined): void {
  holder.__sightlineExecutor = executor;
}
export function installResultAnalyzer(analyzer: ResultAnalyzer | undefined): void {
  holder.__sightlineAnalyzer = analyzer;
}
export function testExecutor(): TestExecutor {
  return holder.__sightlineExecutor ?? rigExecutor;
}
export function resultAnalyzer(): ResultAnalyzer {
  return holder.__sightlineAnalyzer ?? resultAnalysis;
}
