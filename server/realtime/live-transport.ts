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

export type LiveTransport = { pool: pg.Pool; close(): Promise<void> };

function createPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", (error) => logger.warn({ err: error }, "live transport connection error"));
  return pool;
}

export function attachLiveAdapter(io: Server, databaseUrl: string): LiveTransport {
  const pool = createPool(databaseUrl);
  io.adapter(createAdapter(pool));
  return { pool, close: () => pool.end() };
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
