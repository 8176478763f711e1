/**
 * Cancels a run: queued and pending tasks are cancelled, and running handlers are aborted
 * through their AbortSignal in whichever process runs them (a NOTIFY reaches every worker).
 */
import { eq, sql } from "drizzle-orm";
import { workflows } from "@/db/schema";
import { workflowIdSchema } from "@/db/validation/workflow";
import { CANCEL_CHANNEL } from "../../workflow/cancel-listener";
import { controlWorkflow } from "../../workflow/control";
import { takeBackTasks } from "../../workflow/take-back";
import { parseInput } from "../parse-input";

export async function cancelWorkflow(raw: unknown, actorId: string | null) {
  const { id } = parseInput(workflowIdSchema, raw);
  const snapshot = await controlWorkflow(id, "cancel", actorId, async (tx) => {
    await takeBackTasks(tx, id, ["queued", "pending", "retrying"], "cancelled", "the workflow was cancelled");
    const [cancelled] = await tx
      .update(workflows)
      .set({ control: "cancelled" })
      .where(eq(workflows.id, id))
      .returning();
    if (!cancelled) throw new Error("update returned no row");
    // Delivered on commit, to every process listening.
    await tx.execute(sql`select pg_notify(${CANCEL_CHANNEL}, ${id})`);
    return cancelled;
  });
  return { id, state: snapshot.state };
}
