import { randomUUID } from "node:crypto";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { Transaction } from "@/db/client";
import { getDb } from "@/server/runtime/slot";
import { bossInTransaction } from "./boss-in-transaction";

/** What a statement becomes on the wire (text and parameters), without a database. */
function rendered(text: string, values: unknown[]) {
  const seen: { sql: string; params: unknown[] }[] = [];
  const tx = {
    execute: async (query: SQL) => {
      seen.push(new PgDialect().sqlToQuery(query));
      return [];
    },
  };
  return bossInTransaction(tx as unknown as Transaction)
    .executeSql(text, values)
    .then(() => seen[0] as { sql: string; params: unknown[] });
}

describe("pg-boss's statements in a transaction", () => {
  it("bind each parameter whole: one text whatever the number of jobs", async () => {
    const complete = "update job set state = 'completed' where name = $1 and id = any($2::uuid[])";
    const one = await rendered(complete, ["q", [randomUUID()]]);
    const three = await rendered(complete, ["q", [randomUUID(), randomUUID(), randomUUID()]]);
    expect(three.sql).toBe(one.sql);
    expect(three.sql).toBe("update job set state = 'completed' where name = $1 and id = any($2::uuid[])");
    expect(three.params[1]).toHaveLength(3);
    // A placeholder used twice is bound twice, in the order of the text.
    const repeated = await rendered("select $2::int, $1::text, $2::int", ["a", 7]);
    expect(repeated.sql).toBe("select $1::int, $2::text, $3::int");
    expect(repeated.params).toEqual([7, "a", 7]);
  });

  it("round-trips arrays, JSON and repeated parameters through the database", async () => {
    const ids = [randomUUID(), randomUUID()];
    const { rows } = await getDb().transaction((tx) =>
      bossInTransaction(tx).executeSql(
        "select $1::uuid[] as ids, $2::jsonb as doc, $3::jsonb as list, cardinality($1::uuid[]) as n, $4::text as none",
        [ids, { a: 1, list: [1, 2] }, [3, { b: 4 }], null],
      ),
    );
    expect(rows).toEqual([{ ids, doc: { a: 1, list: [1, 2] }, list: [3, { b: 4 }], n: 2, none: null }]);
  });
});
