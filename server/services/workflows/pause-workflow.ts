/** Pauses a run: tasks already running finish; queued ones are taken back; nothing new starts. */
import { eq } from "drizzle-orm";
import { workflows } from "@/db/schema";
import { workflowIdSchema } from "@/db/validation/workflow";
import { controlWorkflow } from "../../workflow/control";
import { takeBackTasks } from "../../workflow/take-back";
import { parseInput } from "../parse-input";

export async function pauseWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "pause", actorId, async (tx) => {
    await takeBackTasks(tx, id, ["queued"], "pending", "the workflow was paused before the task started");
    const [paused] = await tx.update(workflows).set({ control: "paused" }).where(eq(workflows.id, id)).returning();
    if (!paused) throw new Error("update returned no row");
    return paused;
  });
  return { id, state: snapshot.state };
}
