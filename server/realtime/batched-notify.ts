/**
 * Socket.IO's PostgreSQL adapter publishes every emit as its own `SELECT pg_notify($1, $2)` on
 * the pool it is given. One connection of that pool is held for LISTEN, so a burst of emits (a
 * busy worker pushing run and session changes) went out one round trip at a time and the last
 * push of a burst waited for all before it. This pool hands the adapter's notifications to
 * PostgreSQL in batches instead: while one batch is in flight the next one collects, and a batch
 * is one statement, so one transaction, whose notifications listeners receive in the order given.
 * One batch at a time keeps the order across batches too — raising the pool's size would not
 * (two connections commit in either order).
 *
 * PostgreSQL delivers a notification whose channel and payload repeat within one transaction
 * only once; a batch therefore ends before a payload it already holds, so no push is lost.
 */
import type pg from "pg";

/** The adapter's statement for a notification (@socket.io/postgres-adapter, util.js). */
const ADAPTER_NOTIFY = "SELECT pg_notify($1, $2)";
/** One statement's notifications: bounds a batch's parameters (each payload < 8,000 bytes). */
export const NOTIFY_BATCH_MAX = 256;

type Waiting = { channel: string; payload: string; done: (error?: unknown) => void };

export function batchingNotifies(pool: pg.Pool): pg.Pool {
  const waiting: Waiting[] = [];
  let sending = false;

  const takeBatch = (): Waiting[] => {
    const seen = new Set<string>();
    let n = 0;
    while (n < waiting.length && n < NOTIFY_BATCH_MAX) {
      const key = `${waiting[n]?.channel}\u0000${waiting[n]?.payload}`;
      if (seen.has(key)) break;
      seen.add(key);
      n++;
    }
    return waiting.splice(0, n);
  };

  const send = async () => {
    sending = true;
    try {
      while (waiting.length > 0) {
        const batch = takeBatch();
        try {
          // A function scan yields the arrays' elements in order, and each row's pg_notify runs as
          // its row is produced.
          await pool.query("select pg_notify(c, p) from unnest($1::text[], $2::text[]) as t(c, p)", [
            batch.map((w) => w.channel),
            batch.map((w) => w.payload),
          ]);
          for (const w of batch) w.done();
        } catch (error) {
          for (const w of batch) w.done(error);
        }
      }
    } finally {
      sending = false;
    }
  };

  const notify = (channel: string, payload: string) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ channel, payload, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!sending) void send();
    });

  return new Proxy(pool, {
    get(target, property) {
      if (property === "query") {
        return (text: unknown, params?: unknown[]) =>
          text === ADAPTER_NOTIFY && Array.isArray(params)
            ? notify(String(params[0]), String(params[1]))
            : (target.query as (t: unknown, p?: unknown[]) => Promise<unknown>)(text, params);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
