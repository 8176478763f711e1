import { describe, expect, it } from "vitest";
import type { Phase, TaskState } from "@/lib/states";
import type { TaskView } from "./model";
import { computeProgress } from "./progress";
import { deriveWorkflowState, refusalOf } from "./states";
import { taskView } from "./testing/task-view";

function task(phase: Phase, state: TaskState, extra: Partial<TaskView> = {}): TaskView {
  return taskView({ name: `${phase}-${state}`, phase, state, ...extra });
}

describe("workflow state", () => {
  it("is the phase of the earliest unfinished task while running", () => {
    const tasks = [task("planning", "succeeded"), task("video_assignment", "running"), task("analysis", "pending")];
    expect(deriveWorkflowState("running", tasks)).toBe("video_assignment");
    expect(
      deriveWorkflowState("running", [
        task("planning", "succeeded"),
        task("monitoring", "running"),
        task("execution", "pending"),
      ]),
    ).toBe("execution");
  });

  it("covers initialized, paused, completed, failed and cancelled", () => {
    const tasks = [task("planning", "pending")];
    expect(deriveWorkflowState("idle", tasks)).toBe("initialized");
    expect(deriveWorkflowState("paused", tasks)).toBe("paused");
    expect(deriveWorkflowState("cancelled", tasks)).toBe("cancelled");
    expect(deriveWorkflowState("running", [task("planning", "succeeded"), task("validation", "skipped")])).toBe(
      "completed",
    );
    expect(deriveWorkflowState("running", [task("planning", "failed")])).toBe("failed");
    // A skippable task's failure does not fail the run.
    expect(
      deriveWorkflowState("running", [task("planning", "failed", { skippable: true }), task("analysis", "pending")]),
    ).toBe("analysis");
  });

  it("refuses illegal control actions with a reason", () => {
    expect(refusalOf("resume", "completed")).toMatch(/not paused/);
    expect(refusalOf("cancel", "cancelled")).toMatch(/already cancelled/);
    expect(refusalOf("start", "planning")).toMatch(/already started/);
    expect(refusalOf("retry", "execution")).toMatch(/only a failed/);
    expect(refusalOf("pause", "paused")).toMatch(/already paused/);
    expect(refusalOf("pause", "execution")).toBeNull();
    expect(refusalOf("cancel", "paused")).toBeNull();
    expect(refusalOf("resume", "paused")).toBeNull();
    expect(refusalOf("retry", "failed")).toBeNull();
    expect(refusalOf("start", "initialized")).toBeNull();
  });
});

describe("progress", () => {
  it("weights tasks by expected work, per component and overall", () => {
    const progress = computeProgress([
      { state: "succeeded", progress: 0, weight: 1, component: "video_assignment" },
      { state: "running", progress: 50, weight: 8, component: "test_execution" },
      { state: "pending", progress: 0, weight: 1, component: "analysis" },
    ]);
    expect(progress.components).toEqual({
      video_assignment: 100,
      ground_truth: 0,
      test_execution: 50,
      analysis: 0,
      validation: 0,
    });
    expect(progress.overall).toBe(50);
    expect(computeProgress([]).overall).toBe(0);
  });
});
