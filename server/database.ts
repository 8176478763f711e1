/**
 * Resolves the database for this process: DATABASE_URL, or the embedded PostgreSQL under the
 * data dir. Migrations are applied before anything else touches it. Used by the server and the
 * CLI alike.
 */
import { startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { env } from "./env";
import { logger } from "./logger";

export type ResolvedDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

export async function resolveDatabase(options: { migrate: boolean }): Promise<ResolvedDatabase> {
  let resolved: ResolvedDatabase;
  if (env.DATABASE_URL) {
    resolved = { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const embedded = await startEmbeddedPostgres({
      dataDir: env.SIGHTLINE_DATA_DIR,
      log: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
      // Serving on without a database would only fail every request: exit so a supervisor restarts.
      onUnexpectedExit: (detail) => {
        logger.fatal(`The embedded PostgreSQL stopped unexpectedly: ${detail}`);
        process.exit(1);
      },
    });
    resolved = { url: embedded.url, embedded: true, stop: () => embedded.stop() };
  }
  if (options.migrate) {
    try {
      await applyMigrations(resolved.url);
    } catch (error) {
      await resolved.stop();
      throw error;
    }
  }
  return resolved;
}
