/**
 * Pauses a run. Tasks already running finish; queued ones are taken back; nothing new starts.
 * For playback that means: no rig is offered a new session of the run (the dispatcher skips
 * paused runs) and a dry run's simulated playback holds where it is. The sessions playing now
 * finish (`now: false`, the default), or are stopped at once (`now: true`): they end as
 * interrupted and are played again from the start once the run is resumed.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { testSessions } from "@/db/schema";
import { pauseWorkflowSchema } from "@/lib/validation/workflow";
import { insertReplay } from "../../dispatch/apply-dispatch";
import { tellRigs } from "../../dispatch/close-run-sessions";
import { notifyDispatch } from "../../dispatch/notify-dispatch";
import { controlWorkflow } from "../../workflow/control";
import { takeBackTasks } from "../../workflow/take-back";
import { parseInput } from "../parse-input";

const STOPPED = "stopped by a user pausing the run: played again from the start on resume";

export async function pauseWorkflow(raw: unknown, actorId: string | null) {
  const { id, now } = parseInput(pauseWorkflowSchema, raw);
  let stopped: (typeof testSessions.$inferSelect)[] = [];
  const snapshot = await controlWorkflow(id, "pause", actorId, async ({ tx, changes, reason }) => {
    takeBackTasks(changes, id, ["queued"], "pending", "the workflow was paused before the task started");
    changes.setWorkflow(id, { control: "paused" }, reason);
    if (now) stopped = await stopPlayingSessions(tx, id);
  });
  tellRigs(stopped, STOPPED);
  return { id, state: snapshot.state, stoppedSessions: stopped.filter((s) => s.status === "interrupted").length };
}

/** Interrupts the run's playing sessions (each gets its replay) and takes back offers not yet taken. */
async function stopPlayingSessions(tx: Transaction, workflowId: string) {
  const interrupted = await tx
    .update(testSessions)
    .set({ status: "interrupted", error: STOPPED, finishedAt: new Date() })
    .where(and(eq(testSessions.workflowId, workflowId), eq(testSessions.status, "running")))
    .returning();
  for (const session of interrupted) await insertReplay(tx, session);
  const released = await tx
    .update(testSessions)
    .set({ rigId: null, offeredAt: null })
    .where(
      and(
        eq(testSessions.workflowId, workflowId),
        inArray(testSessions.status, ["pending"]),
        isNotNull(testSessions.rigId),
      ),
    )
    .returning({ id: testSessions.id });
  if (interrupted.length || released.length) await notifyDispatch(tx);
  return interrupted;
}
