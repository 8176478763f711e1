/**
 * What users are told of a failure: a database error by its SQLSTATE, never the query or its
 * parameters (drizzle puts both in its message); bad data the database refuses is bad input.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/server/runtime/slot";
import { asInputError, DomainError, publicMessageOf } from "./errors";

async function failure(query: ReturnType<typeof sql>): Promise<unknown> {
  try {
    await getDb().execute(query);
  } catch (error) {
    return error;
  }
  throw new Error("the query did not fail");
}

describe("errors shown to users", () => {
  it("name a failed query by its SQLSTATE, not its text or parameters", async () => {
    const error = await failure(sql`select ${"secret-parameter"}::uuid as id from projects`);
    expect(String((error as Error).message)).toMatch(/secret-parameter|select/);
    const shown = publicMessageOf(error);
    expect(shown).toBe("a database error (SQLSTATE 22P02); the details are in the server log");
    expect(shown).not.toMatch(/secret|select|projects/);
  });

  it("take the database's refusal of a value as bad input (400), and nothing else", async () => {
    const nul = await failure(sql`select ${"a\u0000b"}::text`);
    expect(asInputError(nul)?.code).toBe("INVALID_INPUT");
    const range = await failure(sql`select ${"99999999999999999999"}::bigint`);
    expect(asInputError(range)?.message).toMatch(/SQLSTATE 22003/);
    const missing = await failure(sql`select * from no_such_table`);
    expect(asInputError(missing)).toBeUndefined();
    expect(publicMessageOf(new DomainError("NOT_FOUND", "No video with id x"))).toBe("No video with id x");
  });

  it("bracket field names a serializer would refuse", () => {
    const error = DomainError.field("INVALID_INPUT", "constructor", "must not contain a NUL character");
    expect(error.fieldErrors).toEqual({ "[constructor]": ["must not contain a NUL character"] });
  });
});
