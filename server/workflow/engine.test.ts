/**
 * The workflow engine end to end in this process: real pg-boss workers on the test database,
 * real tasks (custom probes that record when they ran, and the nine defaults), the real
 * services. Strategies are checked by the recorded start/end times of the attempts.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { workflowTasks } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { callerAs, makeVideo, projectInput } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { createProject } from "../services/projects/create-project";
import { cancelWorkflow } from "../services/workflows/cancel-workflow";
import { createWorkflow } from "../services/workflows/create-workflow";
import { pauseWorkflow } from "../services/workflows/pause-workflow";
import { resumeWorkflow } from "../services/workflows/resume-workflow";
import { retryWorkflow } from "../services/workflows/retry-workflow";
import { startWorkflow } from "../services/workflows/start-workflow";
import { dryRunExecutor } from "../tasks/dry-run";
import { outputOf } from "../tasks/outputs";
import { resultAnalysis } from "../tasks/result-analysis";
import { rigExecution } from "../tasks/rig-execution";
import type { ResultAnalyzer, SubsystemCall, TestExecutor } from "../tasks/subsystems";
import { recompose } from "../testing/recompose";
import { type Engine, startEngine } from "./engine";
import type { TaskDefinition } from "./registry";
import { PermanentTaskError } from "./task-error";
import { tasksOf, transitionsOf, waitFor, waitForState } from "./testing/wait";

/** This file's tasks, beside the nine defaults, in the runtime it composes. */
const testTasks: TaskDefinition[] = [];
const registerTask = (definition: TaskDefinition) => testTasks.push(definition);

/**
 * The rig and analysis subsystems of the default tasks: the real ones (no rig here: a dry run),
 * or the doubles a test sets while it runs.
 */
let doubles: { executor: TestExecutor; analyzer: ResultAnalyzer } | undefined;
const real = { executor: rigExecution(dryRunExecutor), analyzer: resultAnalysis };
const subsystems = {
  executor: {
    executeTests: (call: SubsystemCall) => (doubles ?? real).executor.executeTests(call),
    monitorExecution: (call: SubsystemCall) => (doubles ?? real).executor.monitorExecution(call),
  },
  analyzer: {
    analyzeResults: (call: SubsystemCall) => (doubles ?? real).analyzer.analyzeResults(call),
    validateResults: (call: SubsystemCall) => (doubles ?? real).analyzer.validateResults(call),
  },
};

type Span = { task: string; workflow: string; start: number; end: number; attempt: number };
const spans: Span[] = [];
const flags = new Map<string, number>();

function probe(name: string, dependsOn: string[], options: { ms?: number; critical?: boolean } = {}) {
  registerTask({
    name,
    phase: "execution",
    dependsOn,
    output: z.object({ ran: z.string() }),
    critical: options.critical,
    retry: { maxAttempts: 3, backoffSeconds: 0 },
    async handler({ workflowId, attempt, signal }) {
      const start = performance.now();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, options.ms ?? 150);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
      spans.push({ task: name, workflow: workflowId, start, end: performance.now(), attempt });
      return { output: { ran: name } };
    },
  });
}

// a → {b, c, d} → e
probe("probe_a", []);
probe("probe_b", ["probe_a"]);
probe("probe_c", ["probe_a"], { critical: true });
probe("probe_d", ["probe_a"]);
probe("probe_e", ["probe_b", "probe_c", "probe_d"]);
const fanTasks = ["probe_a", "probe_b", "probe_c", "probe_d", "probe_e"];

registerTask({
  name: "flaky_twice",
  phase: "analysis",
  dependsOn: [],
  output: z.object({ workflowId: z.string(), attempt: z.number() }),
  retry: { maxAttempts: 3, backoffSeconds: 0 },
  async handler({ workflowId, attempt }) {
    if (attempt < 3) throw new Error(`flaky failure on attempt ${attempt}`);
    return { output: { workflowId, attempt } };
  },
});

registerTask({
  name: "fails_until_flag",
  phase: "analysis",
  dependsOn: [],
  output: z.undefined(),
  retry: { maxAttempts: 2, backoffSeconds: 0 },
  async handler({ workflowId }) {
    if (!flags.get(workflowId)) throw new Error("the camera did not answer");
    return {};
  },
});

registerTask({
  name: "never_runnable",
  phase: "planning",
  dependsOn: [],
  output: z.undefined(),
  async handler() {
    throw new PermanentTaskError("the project has no videos");
  },
});

registerTask({
  name: "wrong_shape",
  phase: "analysis",
  dependsOn: [],
  output: z.object({ detections: z.number().int() }),
  retry: { maxAttempts: 3, backoffSeconds: 0 },
  async handler() {
    // As a task with a defect would: its declared output says a count.
    return { output: JSON.parse('{"detections": "three"}') };
  },
});

const aborted = new Set<string>();
registerTask({
  name: "waits_for_abort",
  phase: "execution",
  dependsOn: [],
  output: z.undefined(),
  async handler({ workflowId, signal }) {
    await new Promise((_, reject) =>
      signal.addEventListener("abort", () => {
        aborted.add(workflowId);
        reject(signal.reason);
      }),
    );
    return {};
  },
});

registerTask({
  name: "outlives_its_timeout",
  phase: "execution",
  dependsOn: [],
  output: z.undefined(),
  timeoutSeconds: 1,
  retry: { maxAttempts: 1 },
  async handler({ workflowId, signal }) {
    await new Promise((_, reject) =>
      signal.addEventListener("abort", () => {
        aborted.add(`timeout:${workflowId}`);
        reject(signal.reason ?? new Error("timed out"));
      }),
    );
    return {};
  },
});

let engine: Engine;
beforeAll(async () => {
  await recompose({ tasks: testTasks, subsystems });
  engine = await startEngine({ databaseUrl: testDatabaseUrl(), work: true, concurrency: 8 });
});
afterAll(async () => {
  await engine.stop(5);
});

async function newProject() {
  const { user } = await callerAs("engineer");
  return { project: await createProject(projectInput(), user?.id ?? null), actorId: user?.id ?? null };
}

function spansOf(workflowId: string) {
  return spans.filter((s) => s.workflow === workflowId).sort((a, b) => a.start - b.start);
}

function maxOverlap(list: Span[]): number {
  let max = 0;
  for (const s of list) max = Math.max(max, list.filter((o) => o.start < s.end && s.start < o.end).length);
  return max;
}

describe("strategies, by the recorded times of the attempts", () => {
  it("sequential runs one task at a time in topological order", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow(
      { projectId: project.id, strategy: "sequential", tasks: fanTasks, start: true },
      actorId,
    );
    await waitForState(id, "completed");
    const ran = spansOf(id);
    expect(ran.map((s) => s.task)).toEqual(["probe_a", "probe_b", "probe_c", "probe_d", "probe_e"]);
    expect(maxOverlap(ran)).toBe(1);
  });

  it("parallel runs ready tasks at once, never more than max_concurrent_tasks", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow(
      { projectId: project.id, strategy: "parallel", maxConcurrentTasks: 2, tasks: fanTasks, start: true },
      actorId,
    );
    await waitForState(id, "completed");
    const ran = spansOf(id);
    expect(ran[0]?.task).toBe("probe_a");
    expect(ran.at(-1)?.task).toBe("probe_e");
    const middle = ran.filter((s) => ["probe_b", "probe_c", "probe_d"].includes(s.task));
    expect(maxOverlap(middle)).toBe(2);
    expect(maxOverlap(ran)).toBeLessThanOrEqual(2);
    const a = ran[0] as Span;
    const e = ran.at(-1) as Span;
    for (const s of middle) expect(s.start).toBeGreaterThanOrEqual(a.end);
    for (const s of middle) expect(e.start).toBeGreaterThanOrEqual(s.end);
  });

  it("hybrid runs the critical task alone and the others in parallel", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow(
      { projectId: project.id, strategy: "hybrid", maxConcurrentTasks: 4, tasks: fanTasks, start: true },
      actorId,
    );
    await waitForState(id, "completed");
    const ran = spansOf(id);
    const c = ran.find((s) => s.task === "probe_c") as Span;
    const others = ran.filter((s) => s.task !== "probe_c");
    for (const o of others) expect(o.end <= c.start || o.start >= c.end).toBe(true);
    const bd = ran.filter((s) => s.task === "probe_b" || s.task === "probe_d");
    expect(maxOverlap(bd)).toBe(2);
  });

  it("adaptive chooses by the project's complexity and records score and choice", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow(
      { projectId: project.id, strategy: "adaptive", tasks: fanTasks, start: true },
      actorId,
    );
    const done = await waitForState(id, "completed");
    expect(done.strategy).toBe("adaptive");
    expect(done.complexityScore).not.toBeNull();
    expect(done.chosenStrategy).toBe((done.complexityScore ?? 0) < 0.3 ? "sequential" : "hybrid");
    if (done.chosenStrategy === "sequential") expect(maxOverlap(spansOf(id))).toBe(1);
  });
});

describe("the nine default tasks", () => {
  it("complete a run on a project with videos, with full progress and a gap-free transition log", async () => {
    const { project, actorId } = await newProject();
    await makeVideo({ cameraView: project.cameraView, events: 3 });
    const { id } = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, actorId);
    const done = await waitForState(id, ["completed", "failed"]);
    expect(done.error).toBeNull();
    expect(done.state).toBe("completed");
    expect(done.overallProgress).toBe(100);
    expect(Object.values(done.progress).every((p) => p === 100)).toBe(true);
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => t.name)).toEqual([
      "validate_project",
      "allocate_resources",
      "assign_videos",
      "generate_ground_truth",
      "configure_tests",
      "execute_tests",
      "monitor_execution",
      "analyze_results",
      "validate_results",
    ]);
    expect(tasks.every((t) => t.state === "succeeded")).toBe(true);
    const configured = tasks.find((t) => t.name === "configure_tests");
    expect(configured?.output).toMatchObject({ latencyThresholds: { endToEndLatencyMs: 1000 } });
    // No rig and nothing imported: no video was played, so the verdict is incomplete (never a
    // pass), naming every assigned video.
    const outputs = Object.fromEntries(tasks.map((t) => [t.name, t.output]));
    const assigned = outputOf(outputs, "assign_videos")?.videoIds.length ?? 0;
    expect(assigned).toBeGreaterThan(0);
    const analysed = outputOf(outputs, "analyze_results");
    expect(analysed).toMatchObject({ sessions: 0, verdict: "incomplete" });
    expect(analysed?.missingVideos).toHaveLength(assigned);
    expect(tasks.find((t) => t.name === "validate_results")?.output).toMatchObject({
      verdict: "incomplete",
      failed: [],
      missingVideos: analysed?.missingVideos,
    });

    const log = await transitionsOf(id);
    for (const task of tasks) {
      const own = log.filter((e) => e.taskName === task.name);
      expect(own.map((e) => e.toState)).toEqual(["queued", "running", "succeeded"]);
      // Each transition starts where the previous one ended: no gap.
      for (let i = 1; i < own.length; i++) expect(own[i]?.fromState).toBe(own[i - 1]?.toState);
    }
    const runLog = log.filter((e) => e.taskName === null);
    expect(runLog[0]?.fromState).toBe("initialized");
    for (let i = 1; i < runLog.length; i++) expect(runLog[i]?.fromState).toBe(runLog[i - 1]?.toState);
    expect(runLog.at(-1)?.toState).toBe("completed");
  });

  it("complete runs started at once, each task once, with fewer slots than ready tasks", async () => {
    // More runs than the worker has slots, all started in the same moment: steps fetch the jobs
    // of several runs at once and defer none of them for good.
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { project, actorId } = await newProject();
      await makeVideo({ cameraView: project.cameraView, events: 1 });
      ids.push((await createWorkflow({ projectId: project.id, strategy: "parallel" }, actorId)).id);
    }
    await Promise.all(ids.map((id) => startWorkflow({ id }, null)));
    for (const id of ids) {
      const done = await waitForState(id, ["completed", "failed"]);
      expect(done.state, `run ${id}: ${done.error}`).toBe("completed");
      const log = await transitionsOf(id);
      for (const task of await tasksOf(id)) {
        const own = log.filter((e) => e.taskName === task.name).map((e) => e.toState);
        expect(own, task.name).toEqual(["queued", "running", "succeeded"]);
      }
    }
  });

  it("fail validation at once (no retries) when there is nothing to play", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["never_runnable"], start: true }, actorId);
    const failed = await waitForState(id, "failed");
    expect(failed.error).toMatch(/never_runnable failed: .*the project has no videos/);
    const [task] = await tasksOf(id);
    expect(task?.attempt).toBe(1);
  });
});

describe("retries and control", () => {
  it("retries a failing attempt with its attempt number until it succeeds", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["flaky_twice"], start: true }, actorId);
    await waitForState(id, "completed", 30_000);
    const [task] = await tasksOf(id);
    expect(task?.attempt).toBe(3);
    const log = (await transitionsOf(id)).filter((e) => e.taskName === "flaky_twice").map((e) => e.toState);
    expect(log).toEqual(["queued", "running", "retrying", "running", "retrying", "running", "succeeded"]);
  });

  it("fails a task whose output is not of its declared shape at once, and stores nothing of it", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["wrong_shape"], start: true }, actorId);
    const failed = await waitForState(id, "failed", 30_000);
    expect(failed.error).toMatch(/Task wrong_shape produced an output of the wrong shape \(detections: /);
    const [task] = await tasksOf(id);
    // A defect is not a passing fault: not retried, and its output is not stored.
    expect(task).toMatchObject({ state: "failed", attempt: 1, output: null });
  });

  it("fails after the last attempt, and a retry runs the failed task again", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["fails_until_flag"], start: true }, actorId);
    const failed = await waitForState(id, "failed", 30_000);
    expect(failed.error).toMatch(/attempt 2 of 2 failed: the camera did not answer/);
    flags.set(id, 1);
    await retryWorkflow({ id }, actorId);
    await waitForState(id, "completed", 30_000);
  });

  it("pause lets the running task finish and starts nothing new; resume finishes the run", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow(
      { projectId: project.id, strategy: "sequential", tasks: fanTasks, start: true },
      actorId,
    );
    await waitFor(
      () => tasksOf(id),
      (tasks) => tasks.some((t) => t.state === "running"),
    );
    await pauseWorkflow({ id }, actorId);
    await waitForState(id, "paused");
    await waitFor(
      () => tasksOf(id),
      (tasks) => !tasks.some((t) => ["running", "queued"].includes(t.state)),
    );
    const before = spansOf(id).length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(spansOf(id).length).toBe(before);
    expect((await tasksOf(id)).filter((t) => t.state === "succeeded").length).toBe(before);
    await resumeWorkflow({ id }, actorId);
    await waitForState(id, "completed");
    expect(spansOf(id).map((s) => s.task)).toEqual(fanTasks);
  });

  it("cancel aborts a running handler through its signal", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["waits_for_abort"], start: true }, actorId);
    await waitFor(
      () => tasksOf(id),
      (tasks) => tasks[0]?.state === "running",
    );
    await cancelWorkflow({ id }, actorId);
    await waitFor(
      () => tasksOf(id),
      (tasks) => tasks[0]?.state === "cancelled",
    );
    expect(aborted.has(id)).toBe(true);
    expect((await waitForState(id, "cancelled")).state).toBe("cancelled");
  });

  it("aborts an attempt that outlives its timeout, through its signal, and counts it as a failure", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow(
      { projectId: project.id, tasks: ["outlives_its_timeout"], start: true },
      actorId,
    );
    const failed = await waitForState(id, "failed", 30_000);
    expect(aborted.has(`timeout:${id}`)).toBe(true);
    expect(failed.error).toMatch(/outlives_its_timeout failed: attempt 1 of 1 failed/);
  });

  it("refuses illegal actions with a clear error and changes nothing", async () => {
    const { project, actorId } = await newProject();
    const { id } = await createWorkflow({ projectId: project.id, tasks: ["probe_a"], start: true }, actorId);
    await waitForState(id, "completed");
    const logBefore = (await transitionsOf(id)).length;
    await expect(resumeWorkflow({ id }, actorId)).rejects.toThrow(
      "Cannot resume this workflow: it is not paused (it is completed).",
    );
    await expect(retryWorkflow({ id }, actorId)).rejects.toThrow(/only a failed workflow can be retried/);
    expect((await transitionsOf(id)).length).toBe(logBefore);

    const second = await createWorkflow({ projectId: project.id, tasks: ["waits_for_abort"], start: true }, actorId);
    await cancelWorkflow({ id: second.id }, actorId);
    await expect(cancelWorkflow({ id: second.id }, actorId)).rejects.toThrow(
      "Cannot cancel this workflow: it is already cancelled.",
    );
  });

  it("runs the handler's own effect in the completion transaction", async () => {
    const { project, actorId } = await newProject();
    await makeVideo({ cameraView: project.cameraView });
    const { id } = await createWorkflow(
      { projectId: project.id, tasks: ["validate_project", "allocate_resources", "assign_videos"], start: true },
      actorId,
    );
    await waitForState(id, "completed");
    const [assign] = await getDb().select().from(workflowTasks).where(eq(workflowTasks.workflowId, id));
    expect(assign).toBeDefined();
    const { projectVideos } = await import("@/db/schema");
    const assigned = await getDb().select().from(projectVideos).where(eq(projectVideos.projectId, project.id));
    expect(assigned.length).toBeGreaterThan(0);
  });
});

describe("dry run without a rig", () => {
  it("simulates playback for the given time, reporting progress as it goes", async () => {
    const { project, actorId } = await newProject();
    await makeVideo({ cameraView: project.cameraView });
    const started = performance.now();
    const { id } = await createWorkflow(
      { projectId: project.id, strategy: "parallel", parameters: { dryRunSeconds: 1.5 }, start: true },
      actorId,
    );
    const midway = await waitFor(
      () => tasksOf(id),
      (tasks) => {
        const execute = tasks.find((t) => t.name === "execute_tests");
        return execute?.state === "running" && execute.progress > 0 && execute.progress < 100;
      },
    );
    expect(midway.find((t) => t.name === "execute_tests")?.progress).toBeGreaterThan(0);
    await waitForState(id, "completed");
    expect(performance.now() - started).toBeGreaterThanOrEqual(1500);
  });
});

describe("the subsystem interfaces (rig and analysis), with test doubles", () => {
  it("call the installed executor and analyzer with the run's context, outputs and signal, and commit their effect", async () => {
    const calls: Array<{ step: string; attempt: number; outputs: string[]; aborted: boolean }> = [];
    const record =
      <O>(step: string, output: O) =>
      async (call: SubsystemCall) => {
        calls.push({ step, attempt: call.attempt, outputs: Object.keys(call.outputs), aborted: call.signal.aborted });
        await call.progress(50);
        return {
          output,
          commit: async (tx: import("@/db/client").Transaction) => {
            await tx.execute(
              sql`update workflows set parameters = parameters || ${JSON.stringify({ [step]: true })}::jsonb where id = ${call.workflowId}`,
            );
          },
        };
      };
    const evaluationId = "00000000-0000-4000-8000-000000000000";
    doubles = {
      executor: {
        executeTests: record("execute", { sessions: 0, note: "execute" }),
        monitorExecution: record("monitor", { alerts: 0 as const, note: "monitor" }),
      },
      analyzer: {
        analyzeResults: record("analyze", { evaluationId, sessions: 0, evaluations: 0, verdict: "n/a" as const }),
        validateResults: record("validate", {
          verdict: "n/a" as const,
          evaluationId,
          passed: [],
          failed: [],
          notApplicable: ["Minimum recall"],
        }),
      },
    };
    try {
      const { project, actorId } = await newProject();
      await makeVideo({ cameraView: project.cameraView });
      const { id } = await createWorkflow({ projectId: project.id, strategy: "sequential", start: true }, actorId);
      const done = await waitForState(id, ["completed", "failed"]);
      expect(done.state).toBe("completed");
      expect(calls.map((c) => c.step)).toEqual(["execute", "monitor", "analyze", "validate"]);
      expect(calls.every((c) => c.attempt === 1 && !c.aborted)).toBe(true);
      // Each step sees the frozen configuration and the ground truth check that came before it.
      expect(calls[0]?.outputs).toEqual(expect.arrayContaining(["configure_tests", "generate_ground_truth"]));
      expect(calls[3]?.outputs).toEqual(expect.arrayContaining(["analyze_results", "monitor_execution"]));
      expect(done.parameters).toMatchObject({ execute: true, monitor: true, analyze: true, validate: true });
      const tasks = await tasksOf(id);
      expect(tasks.find((t) => t.name === "analyze_results")?.output).toEqual({
        evaluationId,
        sessions: 0,
        evaluations: 0,
        verdict: "n/a",
      });
    } finally {
      doubles = undefined;
    }
  });
});
