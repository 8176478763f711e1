/**
 * The task registry: what a workflow is made of. The composition root registers the nine default
 * tasks (server/tasks) and any custom ones, each by name with its phase, dependencies, handler
 * and retry/timeout policy; a workflow's task list names them.
 */
import type { z } from "zod";
import type { Transaction } from "@/db/client";
import type { Phase } from "@/lib/states";
import type { RunParameters } from "@/lib/validation/workflow";
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
  /** The run's parameters, as given at creation (validated then). */
  parameters: RunParameters;
  /**
   * Outputs of the tasks this one depends on (and of every finished task), by task name, as
   * stored: a reader parses them with the writer's schema (server/tasks/outputs.ts).
   */
  outputs: Readonly<Record<string, unknown>>;
};

export type TaskResult<O = unknown> = {
  /** Checked against the task's `output` schema before the task commits. */
  output?: O;
  /**
   * Writes the task's effect in the same transaction that records its completion, so that a
   * retried attempt (after a crash) can never apply it twice. It writes through `tx` only: it may
   * be rolled back (to a savepoint) and called again in the same transaction.
   */
  commit?: (tx: Transaction) => Promise<void>;
};

export type TaskDefinition<O = unknown> = {
  name: string;
  phase: Phase;
  dependsOn: readonly string[];
  /** The shape of the task's output: an output that does not match fails the attempt, permanently. */
  output: z.ZodType<O>;
  handler: (context: TaskContext) => Promise<TaskResult<O> | undefined>;
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

const taskName = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The tasks a run may be made of in this process, built by the composition root
 * (server/runtime/compose.ts) from the default tasks and any custom ones.
 */
export class TaskRegistry {
  private readonly definitions = new Map<string, TaskDefinition>();

  constructor(definitions: readonly TaskDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  /** Adds a task; a second task of the same name is refused, so that no definition is lost silently. */
  register(definition: TaskDefinition): void {
    if (!taskName.test(definition.name)) {
      throw new Error(`Task name "${definition.name}" must be lower_snake_case, at most 63 characters`);
    }
    if (this.definitions.has(definition.name))
      throw new Error(`A task named "${definition.name}" is already registered`);
    this.definitions.set(definition.name, definition);
  }

  get(name: string): TaskDefinition {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`No task named "${name}" is registered in this process`);
    return definition;
  }

  /**
   * Orders a set of tasks topologically (stable by the given order) and checks that every
   * dependency is in the set and that there is no cycle.
   */
  plan(names: readonly string[]): TaskDefinition[] {
    const definitions = names.map((name) => this.get(name));
    const byName = new Map(definitions.map((d) => [d.name, d]));
    for (const d of definitions) {
      for (const dep of d.dependsOn) {
        if (!byName.has(dep))
          throw new Error(`Task "${d.name}" depends on "${dep}", which is not part of the workflow`);
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
}
