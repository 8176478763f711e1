/**
 * The frame of every control action (start, pause, resume, cancel, retry): lock the workflow,
 * refuse an illegal action with the reason and no change, apply it, record the transition,
 * refresh state and progress, then push the result once committed.
 */
import { getDb, type Transaction } from "@/db/client";
import { DomainError } from "../errors";
import { publishWorkflow, toPush } from "./live";
import { lockWorkflow, type WorkflowRow } from "./load";
import { refreshWorkflow, type WorkflowSnapshot } from "./refresh";
import { type ControlAction, refusalOf } from "./states";

export async function controlWorkflow(
  workflowId: string,
  action: ControlAction,
  actorId: string | null,
  apply: (tx: Transaction, workflow: WorkflowRow) => Promise<WorkflowRow>,
): Promise<WorkflowSnapshot> {
  const snapshot = await getDb().transaction(async (tx) => {
    const workflow = await lockWorkflow(tx, workflowId);
    const refusal = refusalOf(action, workflow.state);
    if (refusal) throw new DomainError("ILLEGAL_STATE", `Cannot ${action} this workflow: ${refusal}.`);
    const changed = await apply(tx, workflow);
    return refreshWorkflow(tx, changed, `${action} by ${actorId ? "a user" : "the system"}`, actorId);
  });
  publishWorkflow(toPush(snapshot));
  return snapshot;
}
