/**
 * The vocabulary of runs, tasks, sessions and rigs: every state list in one place, for the
 * database schema, the engine, the services and the pages alike.
 */

/**
 * A run's verdict: `incomplete` when an assigned video has no completed, analysed session;
 * `inconclusive` when, under the `bound` decision rule, an estimate meets a limit but its
 * confidence bound does not (more events would settle it).
 */
export const verdicts = ["pass", "fail", "n/a", "incomplete", "inconclusive"] as const;
export type Verdict = (typeof verdicts)[number];

/** The running states, in the order a run goes through them (DESIGN §3); each task belongs to one. */
export const workflowPhases = [
  "planning",
  "resource_allocation",
  "video_assignment",
  "ground_truth_generation",
  "test_configuration",
  "execution",
  "monitoring",
  "analysis",
  "validation",
] as const;
export type Phase = (typeof workflowPhases)[number];

export const terminalRunStates = ["completed", "failed", "cancelled"] as const;
export const workflowStates = ["initialized", ...workflowPhases, ...terminalRunStates, "paused"] as const;
export type WorkflowState = (typeof workflowStates)[number];

/** What the user asked the run to do; the state is derived from it and from the tasks. */
export const workflowControls = ["idle", "running", "paused", "cancelled"] as const;
export type WorkflowControl = (typeof workflowControls)[number];

export const workflowStrategies = ["sequential", "parallel", "hybrid", "adaptive"] as const;
type Strategy = (typeof workflowStrategies)[number];
export type ConcreteStrategy = Exclude<Strategy, "adaptive">;

export const workflowPriorities = ["low", "normal", "high", "critical"] as const;

export const taskStates = [
  "pending",
  "queued",
  "running",
  "retrying",
  "succeeded",
  "failed",
  "cancelled",
  "skipped",
] as const;
export type TaskState = (typeof taskStates)[number];
/** Claimed or waiting to be claimed by a worker. */
const activeTaskStates = ["queued", "running", "retrying"] as const satisfies readonly TaskState[];
/** Done as far as its dependants are concerned. */
const doneTaskStates = ["succeeded", "skipped"] as const satisfies readonly TaskState[];
/** Will not run again unless someone retries the run. */
const endedTaskStates = ["succeeded", "failed", "cancelled", "skipped"] as const satisfies readonly TaskState[];

export const sessionStatuses = ["pending", "running", "completed", "failed", "cancelled", "interrupted"] as const;
export type SessionStatus = (typeof sessionStatuses)[number];
/** A session that may still be played or is playing. */
const openSessionStatuses = ["pending", "running"] as const satisfies readonly SessionStatus[];

export const rigStatuses = ["offline", "online", "disabled"] as const;

/** A rig's display-latency calibration (db/schema/calibrations.ts): waiting, playing, then done or not. */
export const calibrationStatuses = ["pending", "running", "completed", "failed"] as const;
/** What sees the patch: a photodiode on the agent's sync line, or the camera's own output. */
export const calibrationSignals = ["sync", "camera"] as const;

const member =
  <T extends string>(list: readonly T[]) =>
  (value: string): value is T =>
    (list as readonly string[]).includes(value);

export const isTerminalRunState = member(terminalRunStates);
export const isActiveTaskState = member(activeTaskStates);
export const isDoneTaskState = member(doneTaskStates);
export const isEndedTaskState = member(endedTaskStates);
export const isOpenSessionStatus = member(openSessionStatuses);
