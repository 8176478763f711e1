/** Helpers for tests of the workflow engine: wait for a state, read the transition log. */
import { asc, eq } from "drizzle-orm";
import { workflowEvents, workflows, workflowTasks } from "@/db/schema";
import type { WorkflowState } from "@/lib/states";
import { getDb } from "@/server/runtime/slot";

export async function waitForState(
  workflowId: string,
  states: WorkflowState | WorkflowState[],
  timeoutMs = 20_000,
): Promise<typeof workflows.$inferSelect> {
  const wanted = Array.isArray(states) ? states : [states];
  const deadline = Date.now() + timeoutMs;
  let last: typeof workflows.$inferSelect | undefined;
  while (Date.now() < deadline) {
    [last] = await getDb().select().from(workflows).where(eq(workflows.id, workflowId));
    if (last && wanted.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `workflow ${workflowId} did not reach ${wanted.join("/")} within ${timeoutMs} ms (it is ${last?.state})`,
  );
}

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

export function transitionsOf(workflowId: string) {
  return getDb()
    .select()
    .from(workflowEvents)
    .where(eq(workflowEvents.workflowId, workflowId))
    .orderBy(asc(workflowEvents.id));
}

export function tasksOf(workflowId: string) {
  return getDb()
    .select()
    .from(workflowTasks)
    .where(eq(workflowTasks.workflowId, workflowId))
    .orderBy(asc(workflowTasks.position));
}
