/** First-admin setup needs an empty database: this file's own copy of the migrated one has no users. */
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { createFirstAdmin } from "./create-first-admin";
import { needsFirstAdmin } from "./needs-first-admin";

describe("first admin", () => {
  it("is offered on an empty database, created once, and never again", async () => {
    expect(await needsFirstAdmin()).toBe(true);
    const attempts = await Promise.allSettled([
      createFirstAdmin({ email: "first@test.sightline", password: "first-password-1" }),
      createFirstAdmin({ email: "second@test.sightline", password: "second-password" }),
    ]);
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    const refused = attempts.find((a) => a.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.code).toBe("CONFLICT");
    expect(await needsFirstAdmin()).toBe(false);
    const rows = await getDb().select().from(users);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.role).toBe("admin");
  });
});
