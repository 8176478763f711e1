/**
 * pg-boss's statements inside a Drizzle transaction, so jobs are enqueued, fetched and settled in
 * the transaction of the change that calls for them. pg-boss's own Drizzle adapter expands every
 * array parameter into `ARRAY[$2,$3,…]`, a different text for each number of jobs, which the pool
 * then never prepares (db/prepared-statements.ts); here each parameter is bound whole, as
 * postgres-js encodes arrays itself, so each of pg-boss's statements has one text.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "pg-boss";
import type { Transaction } from "@/db/client";

/** pg-boss's `$N` placeholders (it has no other use of `$` followed by digits in its SQL). */
const PLACEHOLDER = /\$(\d+)/g;
/** A parameter cast to an array type (`$2::uuid[]`): a JavaScript array there is a postgres array. */
const ARRAY_CAST = /^::[a-z_][a-z0-9_]*\[\]/i;

/**
 * The value as postgres-js should bind it: an array where the statement casts to an array type;
 * any other object as its JSON text (postgres-js encodes JSON only for `json`, not `jsonb`).
 */
function bindable(value: unknown, followedBy: string): unknown {
  if (value === null || typeof value !== "object" || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value) && ARRAY_CAST.test(followedBy)) return value;
  return JSON.stringify(value);
}

/**
 * `afterSend`, where given, runs as soon as each statement is on its way, so that statements it
 * sends follow that one in the same round trip (the server runs a connection's statements in the
 * order sent).
 */
export function bossInTransaction(tx: Transaction, afterSend?: () => void): Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const chunks: SQL[] = [];
      let last = 0;
      for (const match of text.matchAll(PLACEHOLDER)) {
        const end = match.index + match[0].length;
        const value = bindable(values[Number(match[1]) - 1], text.slice(end));
        chunks.push(sql.raw(text.slice(last, match.index)), sql`${sql.param(value)}`);
        last = end;
      }
      chunks.push(sql.raw(text.slice(last)));
      // `then` sends it; the statements `afterSend` sends take the same way, behind it.
      const sent = tx.execute(sql.join(chunks)).then((result) => result);
      afterSend?.();
      const rows: unknown[] = [...(await sent)];
      // Several statements without parameters answer with one list of rows each.
      return { rows: rows.length > 0 && rows.every(Array.isArray) ? rows.flat() : rows };
    },
  };
}
