/**
 * pg-boss's fetch in the order of its queue index. The fetch takes the first `batchSize` queued
 * jobs by priority and age, an order its index job_i11 holds, so walking that index reads only
 * the jobs it takes. The planner walks it only when it expects many queued jobs. A queue's table
 * changes faster than its statistics (autovacuum analyzes it a minute later at the soonest), and
 * under a burst the planner was seen to expect three rows where 3,800 were queued: each fetch then
 * read every queued job through a bitmap scan and sorted them all to keep 32. A fetch's cost grew
 * with the backlog, and was the largest of a busy worker step's statements (2.6 ms a fetch over
 * 5,000 no-op tasks, against 1.1 – 1.5 ms walking the index; docs/decisions.md has the figures).
 *
 * So the fetch alone is planned with sorts turned off, which leaves the planner one way to give
 * the jobs in their order without one: down the index. A statement before it turns sorts off for
 * the transaction, and one sent right behind it (before anything `afterSend` sends) sets them back
 * to the database's own setting. Both travel with the fetch, in its round trip. The worker asks
 * for this only while jobs wait behind its fetches (runner.ts `engineStep`): a queue shorter than
 * a batch costs little to sort, and an idle worker's claim then carries no statement more.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";

const WALK_THE_INDEX = sql`set local enable_sort = off`;
const AS_CONFIGURED = sql`set local enable_sort to default`;

/**
 * Runs `fetch` (a pg-boss fetch on `tx`, given the `afterSend` to pass to bossInTransaction)
 * planned in index order; `afterSend` runs once the setting is set back behind it.
 */
export async function fetchInIndexOrder<T>(
  tx: Transaction,
  fetch: (afterSend: () => void) => Promise<T>,
  afterSend: () => void = () => {},
): Promise<T> {
  // `then` sends a statement: this one is on its way before the fetch's. Each is awaited below;
  // should the fetch fail first, their rejections must not go unhandled.
  const walking = send(tx, WALK_THE_INDEX);
  walking.catch(() => {});
  let restoring: Promise<void> = Promise.resolve();
  const fetched = fetch(() => {
    restoring = send(tx, AS_CONFIGURED);
    restoring.catch(() => {});
    afterSend();
  });
  let result: T;
  try {
    result = await fetched;
  } catch (error) {
    // A failed setting aborts the transaction and so fails the fetch behind it: the setting's
    // own error is the one that says why.
    await walking;
    throw error;
  }
  await walking;
  await restoring;
  return result;
}

/** Sends the statement now (`then` sends it); settles when it has answered. */
function send(tx: Transaction, statement: SQL): Promise<void> {
  return tx.execute(statement).then(() => undefined);
}
