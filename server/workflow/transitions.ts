/**
 * The append-only transition log. Every change of a workflow's or a task's state writes one row
 * here, in the same transaction as the change itself.
 */
import type { Transaction } from "@/db/client";
import { workflowEvents } from "@/db/schema";

export type Transition = {
  workflowId: string;
  taskName?: string | null;
  from: string | null;
  to: string;
  reason: string;
  actorId?: string | null;
};

export async function recordTransition(tx: Transaction, transition: Transition): Promise<number> {
  const [row] = await tx
    .insert(workflowEvents)
    .values({
      workflowId: transition.workflowId,
      taskName: transition.taskName ?? null,
      fromState: transition.from,
      toState: transition.to,
      reason: transition.reason,
      actorId: transition.actorId ?? null,
    })
    .returning({ id: workflowEvents.id });
  if (!row) throw new Error("transition insert returned no row");
  return row.id;
}
