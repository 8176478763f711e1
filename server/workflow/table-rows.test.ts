/**
 * Rows decoded by `tableRows` (db/table-rows.ts), as the change sets read them, are what
 * Drizzle's own select of the table gives, value for value.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { workflows, workflowTasks } from "@/db/schema";
import { tableRows } from "@/db/table-rows";
import { getDb } from "@/server/runtime/slot";
import { createProject } from "@/server/services/projects/create-project";
import { createWorkflow } from "@/server/services/workflows/create-workflow";
import { projectInput } from "@/server/testing/factories";
import { recompose } from "@/server/testing/recompose";

beforeAll(async () => {
  await recompose();
});

describe("tableRows", () => {
  it("decodes a run and its tasks as Drizzle's select does: dates, JSON, arrays, nulls", async () => {
    const project = await createProject(projectInput(), null);
    const run = await createWorkflow({ projectId: project.id, parameters: { sleepMs: 5, note: "a" } }, null);
    // Every kind of column filled in on one task: a date, JSON output, an error text.
    await getDb().execute(sql`
      update workflow_tasks set started_at = now(), output = '{"ran":"x","n":[1,2]}'::jsonb, error = 'e', attempt = 2
      where id = (select id from workflow_tasks where workflow_id = ${run.id} order by position limit 1)`);
    await getDb().execute(sql`update workflows set started_at = now(), error = 'e' where id = ${run.id}`);

    const byDrizzle = await getDb().select().from(workflowTasks).where(eq(workflowTasks.workflowId, run.id));
    const decoded = tableRows(workflowTasks)(
      await getDb().execute(sql`select * from workflow_tasks where workflow_id = ${run.id}`),
    );
    expect(decoded.length).toBeGreaterThan(1);
    expect(decoded).toEqual(byDrizzle);
    expect(decoded.some((task) => task.startedAt instanceof Date)).toBe(true);
    expect(decoded.some((task) => Array.isArray(task.dependsOn) && task.dependsOn.length > 0)).toBe(true);

    const [workflow] = tableRows(workflows)(await getDb().execute(sql`select * from workflows where id = ${run.id}`));
    const [workflowByDrizzle] = await getDb().select().from(workflows).where(eq(workflows.id, run.id));
    expect(workflow).toEqual(workflowByDrizzle);
    expect(workflow?.startedAt).toBeInstanceOf(Date);
    expect(workflow?.parameters).toEqual({ sleepMs: 5, note: "a" });
  });
});
