/**
 * A task job that pg-boss gave up on (its last attempt failed or its worker stopped for good)
 * arrives here. If the engine had not already settled the task, it fails it now, so a run never
 * waits forever on a task nobody is running.
 */
import { eq } from "drizzle-orm";
import type { JobWithMetadata } from "pg-boss";
import { getDb } from "@/db/client";
import { workflowTasks } from "@/db/schema";
import { publishWorkflow, toPush } from "./live";
import { lockWorkflow } from "./load";
import { refreshWorkflow, type WorkflowSnapshot } from "./refresh";
import type { TaskJob } from "./scheduler";
import { scheduleReadyTasks } from "./scheduler";
import { recordTransition } from "./transitions";

export async function settleDeadTask(job: JobWithMetadata<TaskJob>): Promise<void> {
  let snapshot: WorkflowSnapshot | null = null;
  await getDb().transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, job.data.workflowId).catch(() => null);
    if (!workflow) return;
    const [task] = await tx.select().from(workflowTasks).where(eq(workflowTasks.id, job.data.taskId)).for("update");
    const unsettled = task && ["queued", "running", "retrying"].includes(task.state);
    if (!task || !unsettled || (job.sourceId && task.jobId !== job.sourceId)) return;
    const to = workflow.control === "cancelled" ? "cancelled" : task.skippable ? "skipped" : "failed";
    const reason = `attempt ${task.attempt} of ${task.maxAttempts} was lost: its worker stopped and no attempts are left`;
    await tx
      .update(workflowTasks)
      .set({ state: to, error: reason, finishedAt: new Date(), updatedAt: new Date() })
      .where(eq(workflowTasks.id, task.id));
    await recordTransition(tx, { workflowId: workflow.id, taskName: task.name, from: task.state, to, reason });
    if (to === "skipped") await scheduleReadyTasks(tx, workflow);
    snapshot = await refreshWorkflow(tx, workflow, `task ${task.name} ${to}`);
  });
  if (snapshot) publishWorkflow(toPush(snapshot));
}
