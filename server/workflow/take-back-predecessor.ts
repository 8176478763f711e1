/**
 * A restarted server takes back at once the attempts its predecessor on the same data dir was
 * running: the data dir's lock (db/data-dir-lock.ts) proves that process dead, so there is no need
 * to wait for pg-boss's heartbeat to lapse (which still covers a process on another machine).
 * Each attempt counts as lost, as after any crash: its task is queued for its next attempt at
 * once, or fails if none is left.
 */
import { and, eq } from "drizzle-orm";
import { workflowTasks } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { logger } from "../logger";
import { announce } from "./announce";
import { WorkflowChanges } from "./changes";

/** Workflows per transaction. */
const CHUNK = 50;

export async function takeBackAttemptsOf(workerId: string): Promise<number> {
  const rows = await getDb()
    .selectDistinct({ workflowId: workflowTasks.workflowId })
    .from(workflowTasks)
    .where(and(eq(workflowTasks.workerId, workerId), eq(workflowTasks.state, "running")));
  let taken = 0;
  for (let at = 0; at < rows.length; at += CHUNK) {
    const ids = rows.slice(at, at + CHUNK).map((r) => r.workflowId);
    const snapshots = await getDb().transaction(async (tx) => {
      const changes = await WorkflowChanges.lock(tx, ids);
      for (const id of ids) {
        for (const task of changes.tasksOf(id)) {
          if (task.workerId !== workerId || task.state !== "running") continue;
          taken++;
          const reason = `attempt ${task.attempt} of ${task.maxAttempts} was lost: the server running it stopped`;
          if (task.jobId) changes.completeJobById(task.jobId);
          if (task.attempt >= task.maxAttempts) {
            const to = task.skippable ? "skipped" : "failed";
            changes.setTask(task, { state: to, finishedAt: new Date(), error: reason, workerId: null }, reason);
            if (to === "skipped") changes.schedule(id);
          } else {
            const released = changes.setTask(task, { heartbeatAt: null, workerId: null }, reason);
            changes.enqueue(released, `${reason}; taken back at its restart`);
          }
        }
      }
      return changes.flush();
    });
    announce(snapshots);
  }
  if (taken > 0)
    logger.info({ attempts: taken, predecessor: workerId }, "took back the attempts of the previous server");
  return taken;
}
