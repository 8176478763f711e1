/**
 * The database connection of this process, opened once by the entry point (server.ts, the CLI,
 * the test setup) and kept on globalThis so that Next's bundled route handlers and the custom
 * server share one pool, and dev reloads do not open new ones.
 */
import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle; services accept either so they compose inside a caller's transaction. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

type Connection = { url: string; sql: Sql; db: Database };
const holder = globalThis as { __sightlineDatabase?: Connection };

/**
 * The wait before a connection tries again after failing to connect. postgres-js counts failures
 * across the whole pool and waits up to 20 s by default, so after a database restart of a few
 * seconds (ten connections failing meanwhile) queries would wait many seconds more for their
 * connections; this caps the wait at about a second.
 */
function reconnectDelaySeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 1);
}

export function openDatabase(url: string, options: { max?: number } = {}): Database {
  const existing = holder.__sightlineDatabase;
  if (existing) {
    if (existing.url === url) return existing.db;
    throw new Error("A different database is already open in this process; close it first.");
  }
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    backoff: reconnectDelaySeconds,
  });
  const db = drizzle(sql, { schema });
  holder.__sightlineDatabase = { url, sql, db };
  return db;
}

export function getDb(): Database {
  const connection = holder.__sightlineDatabase;
  if (!connection) {
    throw new Error("The database is not open: start Sightline through server.ts or the sightline command.");
  }
  return connection.db;
}

/** The raw postgres-js client of the pool, for LISTEN. */
export function getSql(): Sql {
  const connection = holder.__sightlineDatabase;
  if (!connection) throw new Error("The database is not open.");
  return connection.sql;
}

export async function closeDatabase(): Promise<void> {
  const connection = holder.__sightlineDatabase;
  holder.__sightlineDatabase = undefined;
  await connection?.sql.end({ timeout: 5 });
}
