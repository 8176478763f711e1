/** Retries a failed run from its failed task(s), with their attempts counted afresh. */
import { and, eq, inArray } from "drizzle-orm";
import { workflows, workflowTasks } from "@/db/schema";
import { workflowIdSchema } from "@/db/validation/workflow";
import { controlWorkflow } from "../../workflow/control";
import { scheduleReadyTasks } from "../../workflow/scheduler";
import { recordTransition } from "../../workflow/transitions";
import { parseInput } from "../parse-input";

export async function retryWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "retry", actorId, async (tx) => {
    const failed = await tx
      .select({ id: workflowTasks.id, name: workflowTasks.name })
      .from(workflowTasks)
      .where(and(eq(workflowTasks.workflowId, id), eq(workflowTasks.state, "failed")));
    await tx
      .update(workflowTasks)
      .set({
        state: "pending",
        attempt: 0,
        jobId: null,
        error: null,
        progress: 0,
        finishedAt: null,
        updatedAt: new Date(),
      })
      .where(
        inArray(
          workflowTasks.id,
          failed.map((t) => t.id),
        ),
      );
    for (const task of failed) {
      await recordTransition(tx, {
        workflowId: id,
        taskName: task.name,
        from: "failed",
        to: "pending",
        reason: "retry",
      });
    }
    const [retried] = await tx
      .update(workflows)
      .set({ control: "running", finishedAt: null, error: null })
      .where(eq(workflows.id, id))
      .returning();
    if (!retried) throw new Error("update returned no row");
    await scheduleReadyTasks(tx, retried);
    return retried;
  });
  return { id, state: snapshot.state };
}
