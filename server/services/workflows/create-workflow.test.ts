/**
 * A run created with `start` is created and started in one transaction. No worker runs here,
 * so nothing touches the rows after that transaction and their `xmin` (the transaction that
 * wrote them) can be compared.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/server/runtime/slot";
import { engineWithoutWorker } from "@/server/testing/engine-without-worker";
import { projectInput } from "@/server/testing/factories";
import { WorkflowChanges } from "../../workflow/changes";
import { createProject } from "../projects/create-project";
import { createWorkflow } from "./create-workflow";

engineWithoutWorker();

describe("createWorkflow with start", () => {
  it("writes the run, its tasks, its first transitions and its jobs in one transaction", async () => {
    const project = await createProject(projectInput(), null);
    const run = await createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null);
    expect(run.state).not.toBe("initialized");
    const writers = await getDb().execute<{ source: string; xid: string }>(sql`
      select 'workflow' as source, xmin::text as xid from workflows where id = ${run.id}
      union all select 'task', xmin::text from workflow_tasks where workflow_id = ${run.id}
      union all select 'transition', xmin::text from workflow_events where workflow_id = ${run.id}
      union all select 'job', xmin::text from pgboss.job where data->>'workflowId' = ${run.id}::text`);
    expect(new Set(writers.map((w) => w.source))).toEqual(new Set(["workflow", "task", "transition", "job"]));
    expect(new Set(writers.map((w) => w.xid)).size).toBe(1);
  });

  it("leaves no run behind when the start fails", async () => {
    const project = await createProject(projectInput(), null);
    const flush = vi
      .spyOn(WorkflowChanges.prototype, "flush")
      .mockRejectedValueOnce(new Error("the database went away mid-start"));
    try {
      await expect(createWorkflow({ projectId: project.id, strategy: "parallel", start: true }, null)).rejects.toThrow(
        "the database went away mid-start",
      );
    } finally {
      flush.mockRestore();
    }
    const [left] = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from workflows where project_id = ${project.id}`,
    );
    expect(left?.n).toBe(0);
  });

  it("without start, creates the run only", async () => {
    const project = await createProject(projectInput(), null);
    const run = await createWorkflow({ projectId: project.id, strategy: "parallel" }, null);
    expect(run).toEqual({ id: run.id });
    const [row] = await getDb().execute<{ state: string }>(sql`select state from workflows where id = ${run.id}`);
    expect(row?.state).toBe("initialized");
  });
});
