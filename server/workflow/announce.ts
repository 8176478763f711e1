/**
 * Tells whoever listens of a run's committed change: the composition root connects this to the
 * browsers' live pushes (server/realtime/workflow-push.ts); without it (the CLI, unit tests)
 * nobody is told. A change whose push went out with its commit (WorkflowChanges.flush) is not
 * announced again. A failing listener must not fail the change that was already committed.
 */
import { logger } from "../logger";
import { runtime } from "../runtime/slot";
import type { WorkflowSnapshot } from "./refresh";

export function announce(snapshots: readonly WorkflowSnapshot[]): void {
  const listener = runtime().workflowChanged;
  if (!listener) return;
  for (const snapshot of snapshots) {
    if (snapshot.notified) continue;
    try {
      listener(snapshot);
    } catch (error) {
      logger.warn({ err: error, workflowId: snapshot.workflow.id }, "could not announce a run's change");
    }
  }
}
