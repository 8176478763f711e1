/**
 * Cancels a run: queued and pending tasks are cancelled, and running handlers are aborted
 * through their AbortSignal in whichever process runs them (a NOTIFY reaches every worker).
 */
import { workflowIdSchema } from "@/db/validation/workflow";
import { CANCEL_CHANNEL } from "../../workflow/cancel-listener";
import { controlWorkflow } from "../../workflow/control";
import { takeBackTasks } from "../../workflow/take-back";
import { parseInput } from "../parse-input";

export async function cancelWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "cancel", actorId, ({ changes, reason }) => {
    takeBackTasks(changes, id, ["queued", "pending", "retrying"], "cancelled", "the workflow was cancelled");
    changes.setWorkflow(id, { control: "cancelled" }, reason);
    // Delivered on commit, to every process listening.
    changes.notify(CANCEL_CHANNEL, id);
  });
  return { id, state: snapshot.state };
}
