/** First-admin setup needs an empty database, so this file runs on a database of its own. */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyMigrations } from "@/db/migrate";
import { users } from "@/db/schema";
import { closeRuntime, composeRuntime } from "@/server/runtime/compose";
import { getDb } from "@/server/runtime/slot";
import { createFirstAdmin } from "./create-first-admin";
import { needsFirstAdmin } from "./needs-first-admin";

const name = `sightline_setup_${Math.random().toString(16).slice(2, 10)}`;
const admin = postgres(inject("dbAdminUrl"), { max: 1, onnotice: () => {} });

beforeAll(async () => {
  await admin.unsafe(`create database ${name}`);
  const url = new URL(inject("dbAdminUrl"));
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  await closeRuntime();
  composeRuntime({ databaseUrl: url.toString() });
});

afterAll(async () => {
  await closeRuntime();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

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
