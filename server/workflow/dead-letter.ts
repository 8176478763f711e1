/**
 * A task job that pg-boss gave up on (its last attempt failed or its worker stopped for good)
 * arrives here. If the engine had not already settled the task, it fails it now, so a run never
 * waits forever on a task nobody is running.
 */
import type { JobWithMetadata } from "pg-boss";
import { getDb } from "@/server/runtime/slot";
import { announce } from "./announce";
import { WorkflowChanges } from "./changes";
import type { TaskJob } from "./scheduler";

export async function settleDeadTask(job: JobWithMetadata<TaskJob>): Promise<void> {
  const snapshots = await getDb().transaction(async (tx) => {
    const changes = await WorkflowChanges.lock(tx, [job.data.workflowId]);
    const workflow = changes.workflow(job.data.workflowId);
    const task = workflow && changes.task(workflow.id, job.data.taskId);
    const unsettled = task && ["queued", "running", "retrying"].includes(task.state);
    if (!workflow || !task || !unsettled || (job.sourceId && task.jobId !== job.sourceId)) return [];
    const to = workflow.control === "cancelled" ? "cancelled" : task.skippable ? "skipped" : "failed";
    const reason = `attempt ${task.attempt} of ${task.maxAttempts} was lost: its worker stopped and no attempts are left`;
    changes.setTask(task, { state: to, error: reason, finishedAt: new Date() }, reason);
    if (to === "skipped") changes.schedule(workflow.id);
    return changes.flush();
  });
  announce(snapshots);
}
