/** Pauses a run: tasks already running finish; queued ones are taken back; nothing new starts. */
import { workflowIdSchema } from "@/db/validation/workflow";
import { controlWorkflow } from "../../workflow/control";
import { takeBackTasks } from "../../workflow/take-back";
import { parseInput } from "../parse-input";

export async function pauseWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "pause", actorId, ({ changes, reason }) => {
    takeBackTasks(changes, id, ["queued"], "pending", "the workflow was paused before the task started");
    changes.setWorkflow(id, { control: "paused" }, reason);
  });
  return { id, state: snapshot.state };
}
