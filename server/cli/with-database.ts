/** Runs a CLI action against the configured database (embedded or DATABASE_URL), then closes it. */
import { closeDatabase, openDatabase } from "@/db/client";
import { resolveDatabase } from "../database";

export async function withDatabase<T>(action: () => Promise<T>): Promise<T> {
  const database = await resolveDatabase({ migrate: true });
  try {
    openDatabase(database.url, { max: 2 });
    return await action();
  } finally {
    await closeDatabase();
    await database.stop();
  }
}
