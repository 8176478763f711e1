import net from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createConnection } from "./client";
import { statementPolicy } from "./prepared-statements";

describe("which statements are prepared", () => {
  it("prepares texts the code fixes, not lists of parameters, and no more than its cap", () => {
    const policy = statementPolicy(3);
    expect(policy("select * from t where id = $1")).toBe(true);
    expect(policy("select * from t where id = $1")).toBe(true);
    expect(policy("select coalesce($1, $2), pg_notify($3, $4)")).toBe(true);
    expect(policy('select * from t where "t"."id" in ($1, $2, $3)')).toBe(false);
    expect(policy("select * from t where id in ($1)")).toBe(true);
    expect(policy("insert into t (a, b) values ($1, $2), ($3, $4)")).toBe(false);
    expect(policy("insert into t (id, a) values (default, $1), (default, $2)")).toBe(false);
    expect(policy("select * from t where id = any(ARRAY[$1,$2])")).toBe(false);
    // The cap is reached: a new text is sent unprepared, the known ones stay prepared.
    expect(policy("select $1::int")).toBe(false);
    expect(policy("select * from t where id = $1")).toBe(true);
  });
});

describe("the pool's statements on a real connection", () => {
  // One connection, so the session whose prepared statements are listed is the one that ran them.
  const connection = createConnection(inject("dbAdminUrl"), { max: 1 });
  afterAll(() => connection.close());
  const preparedTexts = async () =>
    (await connection.sql<{ statement: string }[]>`select statement from pg_prepared_statements`).map(
      (r) => r.statement,
    );

  it("runs fixed texts prepared, in transactions and savepoints too, and lists unprepared", async () => {
    const tag = `t${Math.random().toString(16).slice(2, 8)}`;
    const [row] = await connection.db.execute<{ x: number }>(sql`select ${41}::int + 1 as x, ${tag}::text as tag`);
    expect(row?.x).toBe(42);
    const inList = await connection.db.execute<{ x: number }>(
      sql`select x from (values (1), (2), (3)) v(x) where x in ${[1, 3]} and ${tag}::text is not null`,
    );
    expect(inList.map((r) => r.x)).toEqual([1, 3]);
    const inside = await connection.db.transaction(async (tx) => {
      await tx.execute(sql`select ${tag}::text as tx_tag`);
      return tx.transaction(async (savepoint) => savepoint.execute<{ y: string }>(sql`select ${tag}::text as sp_tag`));
    });
    expect(inside).toHaveLength(1);

    const texts = (await preparedTexts()).filter((t) => t.includes("tag"));
    expect(texts.some((t) => t.includes("as x, $2::text as tag"))).toBe(true);
    expect(texts.some((t) => t.includes("as tx_tag"))).toBe(true);
    expect(texts.some((t) => t.includes("as sp_tag"))).toBe(true);
    expect(texts.some((t) => t.includes("where x in"))).toBe(false);
  });
});

describe("a transaction's statements over a slow link", () => {
  // A real TCP proxy that holds every chunk 10 ms each way: each round trip costs 20 ms, so the
  // time a transaction takes counts its round trips.
  const delayMs = 10;
  const links = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const target = new URL(inject("dbAdminUrl"));
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      links.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => links.delete(socket));
    }
    client.on("data", (chunk) => setTimeout(() => upstream.write(chunk), delayMs));
    upstream.on("data", (chunk) => setTimeout(() => client.write(chunk), delayMs));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  let connection: ReturnType<typeof createConnection>;
  beforeAll(async () => {
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const url = new URL(inject("dbAdminUrl"));
    url.host = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    connection = createConnection(url.toString(), { max: 1 });
  });
  afterAll(async () => {
    await connection.close();
    for (const socket of links) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
  });

  it("pipelines them once each text is prepared: a few round trips for 40 statements, not 80", async () => {
    const statement = (i: number) => sql`select ${i}::int as n, ${"pipelined"}::text as label`;
    await connection.db.execute(statement(0)); // described once on this connection
    const started = performance.now();
    const results = await connection.db.transaction(async (tx) =>
      Promise.all(Array.from({ length: 40 }, (_, i) => tx.execute<{ n: number }>(statement(i)))),
    );
    const elapsed = performance.now() - started;
    expect(results.map(([r]) => r?.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // begin, the 40 statements together, commit: about 3 round trips (60 ms); one by one with a
    // describe each, 80 round trips would take 1.6 s.
    expect(elapsed).toBeLessThan(400);
  });
});
