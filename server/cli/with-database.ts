/** Runs a CLI action against the configured database (embedded or DATABASE_URL), then closes it. */
import { existsSync } from "node:fs";
import path from "node:path";
import { resolveDatabase } from "../database";
import { env } from "../env";
import { closeRuntime, composeRuntime } from "../runtime/compose";

/**
 * `create`: make the embedded database when the data dir has none (the first admin made from
 * the command line). Otherwise a data dir without a database is refused: the CLI was most
 * likely run away from the server's data dir, and would make a second, empty Sightline there.
 */
export async function withDatabase<T>(action: () => Promise<T>, options: { create?: boolean } = {}): Promise<T> {
  const dataDir = path.resolve(env.SIGHTLINE_DATA_DIR);
  if (!env.DATABASE_URL && !options.create && !existsSync(path.join(dataDir, "postgres", "PG_VERSION"))) {
    throw new Error(
      `there is no Sightline database in ${dataDir}: run the command where the server runs, or set SIGHTLINE_DATA_DIR (or DATABASE_URL) to the server's; to start a new Sightline there, pass --create-database`,
    );
  }
  const database = await resolveDatabase({ migrate: true });
  try {
    composeRuntime({ databaseUrl: database.url, maxConnections: 2 });
    return await action();
  } finally {
    await closeRuntime();
    await database.stop();
  }
}
