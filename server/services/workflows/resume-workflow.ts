/**
 * Resumes a paused run: it schedules what its strategy allows, where it stopped, and the
 * dispatcher offers its waiting sessions to the rigs again.
 */
import { workflowIdSchema } from "@/lib/validation/workflow";
import { notifyDispatch } from "../../dispatch/notify-dispatch";
import { controlWorkflow } from "../../workflow/control";
import { parseInput } from "../parse-input";

export async function resumeWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "resume", actorId, async ({ tx, changes, reason }) => {
    changes.setWorkflow(id, { control: "running" }, reason);
    changes.schedule(id);
    await notifyDispatch(tx);
  });
  return { id, state: snapshot.state };
}
