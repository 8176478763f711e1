/** True while the installation has no user yet: the first visit then offers to create the admin. */
import { getDb } from "@/db/client";
import { users } from "@/db/schema";

export async function needsFirstAdmin(): Promise<boolean> {
  const rows = await getDb().select({ id: users.id }).from(users).limit(1);
  return rows.length === 0;
}
