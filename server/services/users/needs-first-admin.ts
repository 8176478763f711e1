/** True while the installation has no user yet: the first visit then offers to create the admin. */

import { users } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";

export async function needsFirstAdmin(): Promise<boolean> {
  const rows = await getDb().select({ id: users.id }).from(users).limit(1);
  return rows.length === 0;
}
