import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { workflowPhases as phaseOrder, type TaskState } from "@/lib/states";
import { isActive, isDone, type TaskView } from "./model";
import { complexityScore, readyTasks, strategyForScore, tasksToStart } from "./strategies";
import { taskView } from "./testing/task-view";

function task(
  name: string,
  dependsOn: string[],
  state: TaskState = "pending",
  extra: Partial<TaskView> = {},
): TaskView {
  return taskView({ name, dependsOn, state, ...extra });
}

/** A DAG: a → {b, c, d} → e, positions in this order. */
function fan(states: Partial<Record<string, TaskState>> = {}, critical: string[] = []): TaskView[] {
  const spec: Array<[string, string[]]> = [
    ["a", []],
    ["b", ["a"]],
    ["c", ["a"]],
    ["d", ["a"]],
    ["e", ["b", "c", "d"]],
  ];
  return spec.map(([name, deps], position) =>
    task(name, deps, states[name] ?? "pending", { position, critical: critical.includes(name) }),
  );
}

const names = (tasks: TaskView[]) => tasks.map((t) => t.name);

describe("strategies", () => {
  it("sequential starts one task at a time in topological order", () => {
    expect(names(tasksToStart("sequential", fan(), 4))).toEqual(["a"]);
    expect(names(tasksToStart("sequential", fan({ a: "succeeded" }), 4))).toEqual(["b"]);
    expect(names(tasksToStart("sequential", fan({ a: "succeeded", b: "running" }), 4))).toEqual([]);
  });

  it("parallel starts every ready task up to max_concurrent_tasks", () => {
    expect(names(tasksToStart("parallel", fan({ a: "succeeded" }), 4))).toEqual(["b", "c", "d"]);
    expect(names(tasksToStart("parallel", fan({ a: "succeeded" }), 2))).toEqual(["b", "c"]);
    expect(names(tasksToStart("parallel", fan({ a: "succeeded", b: "running" }), 2))).toEqual(["c"]);
    expect(names(tasksToStart("parallel", fan({ a: "succeeded", b: "succeeded" }), 4))).toEqual(["c", "d"]);
  });

  it("hybrid runs critical tasks alone, the rest in parallel", () => {
    const states = { a: "succeeded" } as const;
    expect(names(tasksToStart("hybrid", fan(states, ["c"]), 4))).toEqual(["c"]);
    // While the critical task runs nothing else starts.
    expect(names(tasksToStart("hybrid", fan({ ...states, c: "running" }, ["c"]), 4))).toEqual([]);
    // A critical task that became ready waits for the running ones, and blocks new starts.
    expect(names(tasksToStart("hybrid", fan({ ...states, b: "running" }, ["c"]), 4))).toEqual([]);
    expect(names(tasksToStart("hybrid", fan({ ...states, c: "succeeded" }, ["c"]), 4))).toEqual(["b", "d"]);
  });

  it("adaptive chooses by complexity: < 0.3 sequential, > 0.7 parallel, else hybrid", () => {
    expect(strategyForScore(0)).toBe("sequential");
    expect(strategyForScore(0.29)).toBe("sequential");
    expect(strategyForScore(0.3)).toBe("hybrid");
    expect(strategyForScore(0.7)).toBe("hybrid");
    expect(strategyForScore(0.71)).toBe("parallel");
    expect(complexityScore({ videos: 0, groundTruthEvents: 0, enabledCriteria: 0, rigs: 0 })).toBe(0);
    expect(complexityScore({ videos: 1000, groundTruthEvents: 1e6, enabledCriteria: 8, rigs: 10 })).toBe(1);
    expect(complexityScore({ videos: 2, groundTruthEvents: 50, enabledCriteria: 8, rigs: 1 })).toBeLessThan(0.3);
  });

  it("never breaks a dependency or a limit, whatever the DAG and states (property)", () => {
    const dag = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.tuple(
        fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc.record({
              deps: fc.subarray(Array.from({ length: i }, (_, j) => `t${j}`)),
              state: fc.constantFrom<TaskState>("pending", "queued", "running", "retrying", "succeeded", "skipped"),
              critical: fc.boolean(),
            }),
          ),
        ),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom("sequential" as const, "parallel" as const, "hybrid" as const),
      ),
    );
    fc.assert(
      fc.property(dag, ([specs, limit, strategy]) => {
        const tasks = specs.map((s, i) => task(`t${i}`, s.deps, s.state, { position: i, critical: s.critical }));
        const started = tasksToStart(strategy, tasks, limit);
        const done = new Set(tasks.filter(isDone).map((t) => t.name));
        const active = tasks.filter(isActive);
        for (const t of started) {
          expect(t.state).toBe("pending");
          for (const d of t.dependsOn) expect(done.has(d)).toBe(true);
        }
        expect(new Set(names(started)).size).toBe(started.length);
        expect(started.length + active.length).toBeLessThanOrEqual(Math.max(limit, active.length));
        if (strategy === "sequential") expect(started.length).toBeLessThanOrEqual(active.length > 0 ? 0 : 1);
        if (strategy === "hybrid" && started.some((t) => t.critical)) {
          expect(started).toHaveLength(1);
          expect(active).toHaveLength(0);
        }
        if (strategy !== "hybrid" || !readyTasks(tasks).some((t) => t.critical)) {
          // Work-conserving: with capacity left and a ready task, something starts.
          const ready = readyTasks(tasks);
          const capacity = strategy === "sequential" ? (active.length === 0 ? 1 : 0) : limit - active.length;
          if (capacity > 0 && ready.length > 0 && !(strategy === "hybrid" && active.some((t) => t.critical))) {
            expect(started.length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  it("orders phases as the design does", () => {
    expect(phaseOrder[0]).toBe("planning");
    expect(phaseOrder.at(-1)).toBe("validation");
  });
});
