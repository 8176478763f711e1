/** Retries a failed run from its failed task(s), with their attempts counted afresh. */
import { workflowIdSchema } from "@/lib/validation/workflow";
import { controlWorkflow } from "../../workflow/control";
import { parseInput } from "../parse-input";

export async function retryWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "retry", actorId, ({ changes, reason }) => {
    for (const task of changes.tasksOf(id).filter((t) => t.state === "failed")) {
      changes.setTask(
        task,
        { state: "pending", attempt: 0, jobId: null, error: null, progress: 0, finishedAt: null },
        "retry",
        actorId,
      );
    }
    changes.setWorkflow(id, { control: "running", finishedAt: null, error: null }, reason);
    changes.schedule(id);
  });
  return { id, state: snapshot.state };
}
