/**
 * A connection pool to Sightline's database, with Drizzle on it. The process's one pool is made
 * by the composition root (server/runtime/compose.ts) and kept in the runtime slot, so that
 * Next's bundled route handlers and the custom server share it.
 */
import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import { preparing } from "./prepared-statements";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle; services accept either so they compose inside a caller's transaction. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

export type Connection = { url: string; sql: Sql; db: Database; close(): Promise<void> };

/**
 * The wait before a connection tries again after failing to connect. postgres-js counts failures
 * across the whole pool and waits up to 20 s by default, so after a database restart of a few
 * seconds (ten connections failing meanwhile) queries would wait many seconds more for their
 * connections; this caps the wait at about a second.
 */
function reconnectDelaySeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 1);
}

export function createConnection(url: string, options: { max?: number } = {}): Connection {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    backoff: reconnectDelaySeconds,
  });
  return { url, sql, db: drizzle(preparing(sql), { schema }), close: () => sql.end({ timeout: 5 }) };
}
