/**
 * Every worker process listens for cancelled workflows and aborts its running attempts of them.
 * The cancel service notifies in its transaction, so the abort follows the commit.
 */
import type { Sql } from "postgres";
import { logger } from "../logger";
import { abortRunningTasks } from "./runner";

export const CANCEL_CHANNEL = "sightline_workflow_cancel";

export async function listenForCancels(sql: Sql): Promise<() => Promise<void>> {
  const subscription = await sql.listen(CANCEL_CHANNEL, (workflowId) => {
    const aborted = abortRunningTasks(workflowId, "the workflow was cancelled");
    if (aborted > 0) logger.info({ workflowId, aborted }, "aborted running tasks of a cancelled workflow");
  });
  return () => subscription.unlisten();
}
