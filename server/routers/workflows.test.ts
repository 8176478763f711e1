/** The workflow procedures' roles: engineers control runs, viewers only watch. */
import { describe, expect, it } from "vitest";
import { callerAs, projectInput } from "@/server/testing/factories";

describe("workflow procedures", () => {
  it("let an engineer create a run and a viewer read it, but not control it", async () => {
    const { caller: engineer } = await callerAs("engineer");
    const { caller: viewer } = await callerAs("viewer");
    const project = await engineer.projects.create(projectInput());
    // Not started: no job engine is needed to create it.
    const { id } = await engineer.workflows.create({
      projectId: project.id,
      strategy: "hybrid",
      maxConcurrentTasks: 2,
    });
    const run = await viewer.workflows.byId({ id });
    expect(run).toMatchObject({
      state: "initialized",
      strategy: "hybrid",
      maxConcurrentTasks: 2,
      projectName: project.name,
    });
    expect(run.tasks.map((t) => t.name)).toHaveLength(9);
    expect((await viewer.workflows.list({ projectId: project.id })).runs.map((w) => w.id)).toEqual([id]);

    for (const action of ["start", "pause", "resume", "cancel", "retry"] as const) {
      const error = await viewer.workflows[action]({ id }).catch((e: { code?: string }) => e);
      expect(error).toMatchObject({ code: "FORBIDDEN" });
    }
    const create = await viewer.workflows.create({ projectId: project.id }).catch((e: { code?: string }) => e);
    expect(create).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuse bad input naming the field, and illegal actions with the reason", async () => {
    const { caller } = await callerAs("engineer");
    const project = await caller.projects.create(projectInput());
    const bad = await caller.workflows
      .create({ projectId: project.id, maxConcurrentTasks: 0 })
      .catch((e: { code?: string; message?: string }) => e);
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect((bad as Error).message).toContain("maxConcurrentTasks");
    const unknown = await caller.workflows
      .create({ projectId: project.id, tasks: ["no_such_task"] })
      .catch((e: { code?: string; message?: string }) => e);
    expect((unknown as Error).message).toMatch(/tasks: No task named "no_such_task"/);

    const { id } = await caller.workflows.create({ projectId: project.id });
    const resume = await caller.workflows.resume({ id }).catch((e: { code?: string; message?: string }) => e);
    expect(resume).toMatchObject({ code: "CONFLICT" });
    expect((resume as Error).message).toBe("Cannot resume this workflow: it is not paused (it is initialized).");
  });
});
