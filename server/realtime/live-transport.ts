/**
 * Carries live events between processes through PostgreSQL (LISTEN/NOTIFY), so a browser
 * connected to one web process sees changes made by another process, including worker-only ones:
 * every process's Socket.IO server uses Socket.IO's PostgreSQL adapter; worker-only processes have an
 * own Socket.IO server, attached to no HTTP server, whose adapter carries their emits to the web
 * processes. Runs' pushes, the most frequent, go straight from the change's transaction to the
 * web processes (attachLiveAdapter). Nothing is kept in one process's memory that another needs.
 */
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import postgres from "postgres";
import { Server } from "socket.io";
import { logger } from "../logger";
import { runtime } from "../runtime/slot";
import { batchingNotifies } from "./batched-notify";
import { deliverWorkflowPush, WORKFLOW_PUSH_CHANNEL, workflowNotice } from "./workflow-push";

export type LiveTransport = { pool: pg.Pool; close(): Promise<void> };

function createPool(databaseUrl: string): pg.Pool {
  // One connection held for LISTEN, one for the batches of notifications (./batched-notify.ts), one
  // for the adapter's other statements (large payloads' attachments, their clean-up).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on("error", (error) => logger.warn({ err: error }, "live transport connection error"));
  // The adapter keeps one client checked out for LISTEN; a client that is checked out reports a
  // lost connection (PostgreSQL restarting) on itself, and with no listener that is an uncaught
  // exception. The adapter reconnects on the client's "end".
  pool.on("connect", (client) => {
    client.on("error", (error) => logger.warn({ err: error }, "live transport lost its database connection"));
  });
  return pool;
}

/** How long closing waits for the pool: a client lost in a database restart is never given back. */
const CLOSE_TIMEOUT_MS = 2000;

/**
 * Attaches the transport to `io`. Runs' pushes then travel as NOTIFY written in the transaction
 * of their change (./workflow-push.ts); a process with browsers (`deliverPushes`) listens for them
 * and emits them to its own.
 */
export function attachLiveAdapter(
  io: Server,
  databaseUrl: string,
  { deliverPushes = true }: { deliverPushes?: boolean } = {},
): LiveTransport {
  const pool = createPool(databaseUrl);
  io.adapter(createAdapter(batchingNotifies(pool)));
  // postgres-js keeps a LISTEN on a connection of its own and listens again after a reconnect.
  const listener = deliverPushes ? postgres(databaseUrl, { max: 1, onnotice: () => {} }) : undefined;
  const listening = listener
    ?.listen(WORKFLOW_PUSH_CHANNEL, (payload) => deliverWorkflowPush(io, payload))
    .catch((error: unknown) => {
      logger.error({ err: error }, "could not listen for runs' pushes; browsers here will not see them live");
      return undefined;
    });
  runtime().workflowNotice = workflowNotice;
  return {
    pool,
    close: async () => {
      if (runtime().workflowNotice === workflowNotice) runtime().workflowNotice = undefined;
      await (await listening)?.unlisten().catch(() => {});
      await listener?.end({ timeout: 1 });
      // The adapter drops (without releasing) a LISTEN client whose connection ended, so after a
      // database restart `end()` would wait for it forever.
      await Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]);
    },
  };
}

/** For a worker-only process: a Socket.IO server with no HTTP server, only to emit through the adapter. */
export function createLiveRelay(databaseUrl: string): LiveTransport & { io: Server } {
  const io = new Server({ serveClient: false });
  const transport = attachLiveAdapter(io, databaseUrl, { deliverPushes: false });
  return {
    io,
    pool: transport.pool,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await transport.close();
    },
  };
}
