/**
 * Resolves the database for this process: DATABASE_URL, or the embedded PostgreSQL under the
 * data dir. Migrations are applied before anything else touches it. Used by the server and the
 * CLI alike.
 *
 * The embedded PostgreSQL belongs to one process at a time (db/data-dir-lock.ts): a server owns
 * it, waiting for a predecessor that is shutting down and refusing to start beside one that
 * runs; the CLI shares a running server's, or owns it for the duration of a command.
 */
import { randomUUID } from "node:crypto";
import { DataDirInUseError, lockDataDir } from "@/db/data-dir-lock";
import { runningEmbeddedUrl, startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { env } from "./env";
import { logger } from "./logger";

export type ResolvedDatabase = {
  url: string;
  embedded: boolean;
  /** This process's engine instance id (recorded on the attempts it runs). */
  instanceId: string;
  /** A server that owned the data dir before and died without stopping: its attempts may be taken back at once. */
  predecessor: string | null;
  /** Tells a server waiting for the data dir that this one is shutting down within `graceSeconds`. */
  markStopping(graceSeconds: number): Promise<void>;
  stop(): Promise<void>;
};

/** How long the CLI waits for a starting server's PostgreSQL to listen. */
const SHARED_READY_MS = 30_000;

export async function resolveDatabase(options: {
  migrate: boolean;
  role?: "server" | "cli";
}): Promise<ResolvedDatabase> {
  const instanceId = randomUUID();
  let resolved: ResolvedDatabase;
  if (env.DATABASE_URL) {
    resolved = {
      url: env.DATABASE_URL,
      embedded: false,
      instanceId,
      predecessor: null,
      markStopping: async () => {},
      stop: async () => {},
    };
  } else {
    resolved = await embedded(options.role ?? "cli", instanceId);
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

async function embedded(role: "server" | "cli", instanceId: string): Promise<ResolvedDatabase> {
  const dataDir = env.SIGHTLINE_DATA_DIR;
  const log = { info: (m: string) => logger.info(m), warn: (m: string) => logger.warn(m) };
  const lock = await lockDataDir(dataDir, { role, instanceId, log });
  if (lock.kind === "shared") {
    const deadline = Date.now() + SHARED_READY_MS;
    for (;;) {
      const url = await runningEmbeddedUrl(dataDir);
      if (url) {
        log.info(`Using the embedded PostgreSQL of the server running on ${dataDir} (pid ${lock.ownerPid})`);
        return {
          url,
          embedded: true,
          instanceId,
          predecessor: null,
          markStopping: async () => {},
          stop: async () => {},
        };
      }
      if (Date.now() > deadline) {
        throw new DataDirInUseError(
          `The server (pid ${lock.ownerPid}) holds ${dataDir} but its PostgreSQL is not running; wait for it to start, or stop it.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    const database = await startEmbeddedPostgres({
      dataDir,
      log,
      owner: true,
      supervise: role === "server",
      avoidPorts: [env.PORT, env.SIGHTLINE_METRICS_PORT],
      // Serving on without a database would only fail every request: exit so a supervisor restarts.
      onUnexpectedExit: (detail) => {
        logger.fatal(`The embedded PostgreSQL stopped and could not be brought back: ${detail}`);
        process.exit(1);
      },
    });
    return {
      url: database.url,
      embedded: true,
      instanceId,
      predecessor: lock.predecessor,
      markStopping: (graceSeconds) => {
        database.shuttingDown();
        return lock.markStopping(graceSeconds);
      },
      async stop() {
        try {
          await database.stop();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
