/**
 * Ends a run's open sessions in the caller's transaction (a cancel), so they stop holding their
 * rigs at once, whether or not any process is running the run's execute_tests; `tellRigs` then
 * asks the rigs to stop playing them, once the transaction has committed.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { testSessions } from "@/db/schema";
import { publishSessionChanged } from "../realtime/publish";
import { rigChannel } from "../runtime/slot";
import { notifyDispatch } from "./notify-dispatch";

type SessionRow = typeof testSessions.$inferSelect;

export async function closeRunSessions(tx: Transaction, workflowId: string, reason: string): Promise<SessionRow[]> {
  const closed = await tx
    .update(testSessions)
    .set({ status: "cancelled", error: reason, finishedAt: new Date() })
    .where(and(eq(testSessions.workflowId, workflowId), inArray(testSessions.status, ["pending", "running"])))
    .returning();
  if (closed.length) await notifyDispatch(tx);
  return closed;
}

export function tellRigs(closed: readonly SessionRow[], reason: string): void {
  const channel = rigChannel();
  for (const session of closed) {
    publishSessionChanged(session);
    if (session.rigId) channel.stop(session.rigId, session.id, reason);
  }
}
