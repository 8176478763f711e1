/** Notifications sent in batches reach a real LISTEN connection all, once each, in the order sent. */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { batchingNotifies, NOTIFY_BATCH_MAX } from "./batched-notify";

const CHANNEL = "socket.io#/live";
let pool: pg.Pool;
let listener: pg.Client;
let received: string[] = [];
let statements = 0;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 3 });
  const query = pool.query.bind(pool) as (text: string, params?: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: typeof query }).query = (text, params) => {
    statements++;
    return query(text, params);
  };
  listener = new pg.Client({ connectionString: testDatabaseUrl() });
  await listener.connect();
  listener.on("notification", (message) => received.push(message.payload ?? ""));
  await listener.query(`LISTEN "${CHANNEL}"`);
});
afterAll(async () => {
  await listener.end();
  await pool.end();
});

async function receivedCount(n: number) {
  const deadline = Date.now() + 10_000;
  while (received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe("batched notifications", () => {
  it("sends a burst in few statements, in order, repeated payloads included", async () => {
    received = [];
    statements = 0;
    const notifying = batchingNotifies(pool);
    // As the adapter sends them: one call per emit, none awaited before the next.
    const payloads = Array.from({ length: 2_000 }, (_, i) =>
      // Every seventh payload repeats the one before it (the same state pushed twice).
      JSON.stringify({ n: i % 7 === 0 && i > 0 ? i - 1 : i, text: "é'\"\\ \u2028" }),
    );
    await Promise.all(payloads.map((p) => notifying.query("SELECT pg_notify($1, $2)", [CHANNEL, p])));
    await receivedCount(payloads.length);
    expect(received).toEqual(payloads);
    expect(statements).toBeLessThanOrEqual(Math.ceil(payloads.length / NOTIFY_BATCH_MAX) + 300);
    expect(statements).toBeLessThan(payloads.length / 4);
  });

  it("passes the adapter's other statements through, and a failed batch fails only its callers", async () => {
    const notifying = batchingNotifies(pool);
    const rows = (await notifying.query("select 1 as one")) as { rows: { one: number }[] };
    expect(rows.rows[0]?.one).toBe(1);
    // A payload PostgreSQL refuses (8,000 bytes or more) fails its batch; the next batch goes.
    const refused = notifying.query("SELECT pg_notify($1, $2)", [CHANNEL, "x".repeat(9000)]);
    await expect(refused).rejects.toThrow(/payload string too long/);
    received = [];
    await notifying.query("SELECT pg_notify($1, $2)", [CHANNEL, "after"]);
    await receivedCount(1);
    expect(received).toEqual(["after"]);
  });
});
