/**
 * The frame of every control action (start, pause, resume, cancel, retry): lock the workflow,
 * refuse an illegal action with the reason and no change, apply it, record the transitions,
 * refresh state and progress, then push the result once committed.
 */
import type { Transaction } from "@/db/client";
import { getDb } from "@/server/runtime/slot";
import { DomainError } from "../errors";
import { announce } from "./announce";
import { WorkflowChanges } from "./changes";
import { LocalHandoff } from "./local-handoff";
import type { WorkflowSnapshot } from "./refresh";
import type { WorkflowRow } from "./rows";
import { latestOf } from "./runner";
import { type ControlAction, refusalOf } from "./states";

export type ControlContext = { tx: Transaction; changes: WorkflowChanges; workflow: WorkflowRow; reason: string };

export async function controlWorkflow(
  workflowId: string,
  action: ControlAction,
  actorId: string | null,
  apply: (context: ControlContext) => Promise<void> | void,
): Promise<WorkflowSnapshot> {
  const handoff = new LocalHandoff();
  const snapshot = await handoff.run(() =>
    getDb().transaction((tx) => controlInTransaction(tx, workflowId, action, actorId, apply, handoff)),
  );
  announce(latestOf([snapshot, ...handoff.snapshots]));
  return snapshot;
}

/**
 * The same action inside a caller's transaction (a run created and started at once). The caller
 * announces the snapshot once its transaction has committed, with those of `handoff` (the tasks
 * it enqueued that this process's worker claimed in the transaction, ./local-handoff.ts).
 */
export async function controlInTransaction(
  tx: Transaction,
  workflowId: string,
  action: ControlAction,
  actorId: string | null,
  apply: (context: ControlContext) => Promise<void> | void,
  handoff?: LocalHandoff,
): Promise<WorkflowSnapshot> {
  const changes = await WorkflowChanges.lock(tx, [workflowId]);
  const workflow = changes.workflow(workflowId);
  if (!workflow) throw new DomainError("NOT_FOUND", `No workflow with id ${workflowId}: it may have been deleted.`);
  const refusal = refusalOf(action, workflow.state);
  if (refusal) throw new DomainError("ILLEGAL_STATE", `Cannot ${action} this workflow: ${refusal}.`);
  const reason = `${action} by ${actorId ? "a user" : "the system"}`;
  await apply({ tx, changes, workflow, reason });
  changes.touch(workflowId, reason);
  const flush = () => changes.flush({ reason, actorId });
  const snapshots = handoff ? await handoff.flushAndClaim(tx, changes, flush) : await flush();
  const result = latestOf(snapshots).find((s) => s.workflow.id === workflowId);
  if (!result) throw new Error(`workflow ${workflowId} was not refreshed`);
  return result;
}
