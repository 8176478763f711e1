/**
 * Cancels a run: queued and pending tasks are cancelled, its open test sessions are closed (their
 * rigs are free at once, and told to stop), and running handlers are aborted through their
 * AbortSignal in whichever process runs them (a NOTIFY reaches every worker). None of it depends
 * on a process running the run's tasks.
 */
import { workflowIdSchema } from "@/lib/validation/workflow";
import { closeRunSessions, tellRigs } from "../../dispatch/close-run-sessions";
import { CANCEL_CHANNEL } from "../../workflow/cancel-listener";
import { controlWorkflow } from "../../workflow/control";
import { takeBackTasks } from "../../workflow/take-back";
import { parseInput } from "../parse-input";

export async function cancelWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  let closed: Awaited<ReturnType<typeof closeRunSessions>> = [];
  const snapshot = await controlWorkflow(id, "cancel", actorId, async ({ tx, changes, reason }) => {
    takeBackTasks(changes, id, ["queued", "pending", "retrying"], "cancelled", "the workflow was cancelled");
    changes.setWorkflow(id, { control: "cancelled" }, reason);
    closed = await closeRunSessions(tx, id, "the run was cancelled");
    // Delivered on commit, to every process listening.
    changes.notify(CANCEL_CHANNEL, id);
  });
  tellRigs(closed, "the run was cancelled");
  return { id, state: snapshot.state };
}
