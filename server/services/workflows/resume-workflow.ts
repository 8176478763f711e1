/** Resumes a paused run: it schedules what its strategy allows, where it stopped. */
import { workflowIdSchema } from "@/db/validation/workflow";
import { controlWorkflow } from "../../workflow/control";
import { parseInput } from "../parse-input";

export async function resumeWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "resume", actorId, ({ changes, reason }) => {
    changes.setWorkflow(id, { control: "running" }, reason);
    changes.schedule(id);
  });
  return { id, state: snapshot.state };
}
