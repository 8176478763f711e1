/**
 * The task registry: what a workflow is made of. The nine default tasks register themselves
 * (server/workflow/tasks); custom tasks register by name with their phase, dependencies,
 * handler and retry/timeout policy, and may then be named in a workflow's task list.
 */
import type { Transaction } from "@/db/client";
import type { Phase } from "./model";
import type { ProgressComponent } from "./progress";

/** Attempts in all (first included, default 3); first retry delay, doubling with jitter, capped. */
export type { RetryPolicy } from "@/db/schema";

import type { RetryPolicy } from "@/db/schema";

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, backoffSeconds: 1, maxBackoffSeconds: 60 };

export type TaskContext = {
  workflowId: string;
  projectId: string;
  taskName: string;
  /** 1 for the first attempt; a handler that is not idempotent guards its effect with it. */
  attempt: number;
  /** Aborted when the run is cancelled, the attempt times out, or the worker shuts down. */
  signal: AbortSignal;
  /** Reports the task's progress (0–100), persisted and pushed to browsers. */
  progress: (percent: number) => Promise<void>;
  /** The workflow's custom parameters, as given at creation. */
  parameters: Record<string, unknown>;
  /** Outputs of the tasks this one depends on (and of every finished task), by task name. */
  outputs: Record<string, Record<string, unknown> | null>;
};

export type TaskResult = {
  output?: Record<string, unknown>;
  /**
   * Writes the task's effect in the same transaction that records its completion, so that a
   * retried attempt (after a crash) can never apply it twice.
   */
  commit?: (tx: Transaction) => Promise<void>;
};

export type TaskDefinition = {
  name: string;
  phase: Phase;
  dependsOn: readonly string[];
  handler: (context: TaskContext) => Promise<TaskResult | undefined>;
  /** Critical tasks run alone under the hybrid strategy. */
  critical?: boolean;
  /** A skippable task's final failure does not fail the run; the verdict says it was skipped. */
  skippable?: boolean;
  retry?: Partial<RetryPolicy>;
  timeoutSeconds?: number;
  /** Expected work relative to other tasks, for overall progress. */
  weight?: number;
  component?: ProgressComponent;
};

const holder = globalThis as { __sightlineTasks?: Map<string, TaskDefinition> };
const registry: Map<string, TaskDefinition> = holder.__sightlineTasks ?? new Map();
holder.__sightlineTasks = registry;

const taskName = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Registers a task; the first definition of a name stands. Next.js bundles its own copy of the
 * server modules for its route handlers, and that copy registers the default tasks again when a
 * route loads them: the worker must keep running the handlers of its own copy (whose classes,
 * such as ShutdownAbort, are the ones its runner checks against), so a later registration of a
 * name is ignored.
 */
export function registerTask(definition: TaskDefinition): void {
  if (!taskName.test(definition.name)) {
    throw new Error(`Task name "${definition.name}" must be lower_snake_case, at most 63 characters`);
  }
  if (!registry.has(definition.name)) registry.set(definition.name, definition);
}

export function getTask(name: string): TaskDefinition {
  const definition = registry.get(name);
  if (!definition) throw new Error(`No task named "${name}" is registered in this process`);
  return definition;
}

export function hasTask(name: string): boolean {
  return registry.has(name);
}

/**
 * Orders a set of task definitions topologically (stable by the given order) and checks that
 * every dependency is in the set and that there is no cycle.
 */
export function planTasks(names: readonly string[]): TaskDefinition[] {
  const definitions = names.map(getTask);
  const byName = new Map(definitions.map((d) => [d.name, d]));
  for (const d of definitions) {
    for (const dep of d.dependsOn) {
      if (!byName.has(dep)) throw new Error(`Task "${d.name}" depends on "${dep}", which is not part of the workflow`);
    }
  }
  const ordered: TaskDefinition[] = [];
  const placed = new Set<string>();
  while (ordered.length < definitions.length) {
    const next = definitions.find((d) => !placed.has(d.name) && d.dependsOn.every((dep) => placed.has(dep)));
    if (!next) {
      const stuck = definitions.filter((d) => !placed.has(d.name)).map((d) => d.name);
      throw new Error(`The task dependencies form a cycle among: ${stuck.join(", ")}`);
    }
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
