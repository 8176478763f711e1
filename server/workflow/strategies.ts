/**
 * Which tasks start now, for each strategy. Pure: the scheduler calls it inside the transaction
 * that holds the workflow's row lock, with every task's current state, and enqueues the result.
 */

import type { ConcreteStrategy } from "@/lib/states";
import { isActive, isDone, type TaskView } from "./model";

export function readyTasks(tasks: readonly TaskView[]): TaskView[] {
  const done = new Set(tasks.filter(isDone).map((t) => t.name));
  return tasks
    .filter((t) => t.state === "pending" && t.dependsOn.every((d) => done.has(d)))
    .sort((a, b) => a.position - b.position);
}

export function tasksToStart(
  strategy: ConcreteStrategy,
  tasks: readonly TaskView[],
  maxConcurrentTasks: number,
): TaskView[] {
  const active = tasks.filter(isActive);
  const ready = readyTasks(tasks);
  const capacity = Math.max(0, maxConcurrentTasks - active.length);
  switch (strategy) {
    case "sequential":
      return active.length === 0 ? ready.slice(0, 1) : [];
    case "parallel":
      return ready.slice(0, capacity);
    case "hybrid": {
      // Critical tasks run alone and in order; the others run as in parallel.
      if (active.some((t) => t.critical)) return [];
      const critical = ready.find((t) => t.critical);
      // A ready critical task waits for the running ones to drain, and nothing else starts meanwhile.
      if (critical) return active.length === 0 ? [critical] : [];
      return ready.slice(0, capacity);
    }
  }
}

export type ComplexityInputs = { videos: number; groundTruthEvents: number; enabledCriteria: number; rigs: number };

/**
 * A score in [0, 1] of how much work a run is: many videos and events, many criteria, several
 * rigs. Each part saturates at a size beyond which more does not change the best strategy.
 */
export function complexityScore(inputs: ComplexityInputs): number {
  const part = (value: number, saturation: number) => Math.min(1, Math.max(0, value) / saturation);
  const score =
    0.4 * part(inputs.videos, 40) +
    0.3 * part(inputs.groundTruthEvents, 2000) +
    0.1 * part(inputs.enabledCriteria, 8) +
    0.2 * part(inputs.rigs, 4);
  return Math.round(score * 1000) / 1000;
}

export function strategyForScore(score: number): ConcreteStrategy {
  if (score < 0.3) return "sequential";
  if (score > 0.7) return "parallel";
  return "hybrid";
}
