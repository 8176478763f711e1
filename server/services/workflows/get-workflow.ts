/**
 * Reads a workflow with its tasks and transition log: the snapshot a page loads before it
 * applies live pushes of a higher `version`.
 */
import { asc, eq } from "drizzle-orm";
import { projects, workflowEvents, workflows, workflowTasks } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../../errors";

export async function getWorkflow(id: string) {
  return getDb().transaction(
    async (tx) => {
      const [row] = await tx
        .select({ workflow: workflows, projectName: projects.name })
        .from(workflows)
        .innerJoin(projects, eq(projects.id, workflows.projectId))
        .where(eq(workflows.id, id));
      if (!row) throw new DomainError("NOT_FOUND", `No workflow with id ${id}: it may have been deleted.`);
      const tasks = await tx
        .select()
        .from(workflowTasks)
        .where(eq(workflowTasks.workflowId, id))
        .orderBy(asc(workflowTasks.position));
      const events = await tx
        .select()
        .from(workflowEvents)
        .where(eq(workflowEvents.workflowId, id))
        .orderBy(asc(workflowEvents.id));
      return { ...row.workflow, projectName: row.projectName, tasks, events };
    },
    // One consistent snapshot: tasks and events as of the same moment.
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
