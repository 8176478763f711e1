/**
 * Wakes the dispatchers of every process (a NOTIFY, delivered when the caller's transaction
 * commits): sessions were created or ended, a rig came or went, an agent changed what it does.
 * Without it they would still notice within a second.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

export const DISPATCH_CHANNEL = "sightline_dispatch";

export async function notifyDispatch(db: Executor): Promise<void> {
  await db.execute(sql`select pg_notify(${DISPATCH_CHANNEL}, '')`);
}
