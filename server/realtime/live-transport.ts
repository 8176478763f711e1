/**
 * Carries live events between processes through PostgreSQL (LISTEN/NOTIFY), so a browser
 * connected to one web process sees changes made by another process, including worker-only ones:
 * every process's Socket.IO server uses Socket.IO's PostgreSQL adapter; worker-only processes have an
 * own Socket.IO server, attached to no HTTP server, whose adapter carries their emits to the web
 * processes. Nothing is kept in one process's memory that another needs.
 */
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { Server } from "socket.io";
import { logger } from "../logger";
import { batchingNotifies } from "./batched-notify";

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

export function attachLiveAdapter(io: Server, databaseUrl: string): LiveTransport {
  const pool = createPool(databaseUrl);
  io.adapter(createAdapter(batchingNotifies(pool)));
  return {
    pool,
    // The adapter drops (without releasing) a LISTEN client whose connection ended, so after a
    // database restart `end()` would wait for it forever.
    close: () =>
      Promise.race([pool.end(), new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]),
  };
}

/** For a worker-only process: a Socket.IO server with no HTTP server, only to emit through the adapter. */
export function createLiveRelay(databaseUrl: string): LiveTransport & { io: Server } {
  const io = new Server({ serveClient: false });
  const transport = attachLiveAdapter(io, databaseUrl);
  return {
    io,
    pool: transport.pool,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await transport.close();
    },
  };
}
