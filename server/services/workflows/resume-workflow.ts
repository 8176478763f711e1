/** Resumes a paused run: it schedules what its strategy allows, where it stopped. */
import { eq } from "drizzle-orm";
import { workflows } from "@/db/schema";
import { workflowIdSchema } from "@/db/validation/workflow";
import { controlWorkflow } from "../../workflow/control";
import { scheduleReadyTasks } from "../../workflow/scheduler";
import { parseInput } from "../parse-input";

export async function resumeWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "resume", actorId, async (tx) => {
    const [resumed] = await tx.update(workflows).set({ control: "running" }).where(eq(workflows.id, id)).returning();
    if (!resumed) throw new Error("update returned no row");
    await scheduleReadyTasks(tx, resumed);
    return resumed;
  });
  return { id, state: snapshot.state };
}
