/** The real `sightline` command in a child process, against the test run's database. */
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { getDb } from "@/server/runtime/slot";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { getAuth } from "../auth/auth";
import { runSightline } from "../testing/run-sightline";

const sightline = (args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) =>
  runSightline(args, {
    stdin: options.stdin,
    env: { DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: "warn", ...options.env },
  });

describe("sightline users create", () => {
  it("creates a user who can then sign in, reading the password from stdin", async () => {
    const email = `cli-${Date.now()}@test.sightline`;
    const result = await sightline(["users", "create", "--email", email, "--role", "engineer", "--password-stdin"], {
      stdin: "a-strong-password\n",
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Created engineer ${email}`));
    const [row] = await getDb().select().from(users).where(eq(users.email, email));
    expect(row?.role).toBe("engineer");
    const signIn = await getAuth().api.signInEmail({ body: { email, password: "a-strong-password" } });
    expect(signIn.user.email).toBe(email);
  });

  it("fails with one clear line and a non-zero exit", async () => {
    const email = `dup-${Date.now()}@test.sightline`;
    const args = ["users", "create", "--email", email, "--role", "viewer", "--password-stdin"];
    expect((await sightline(args, { stdin: "long-enough-pw" })).code).toBe(0);
    const again = await sightline(args, { stdin: "long-enough-pw" });
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split("\n")).toEqual([
      `sightline: email: A user with the email ${email} already exists`,
    ]);
    expect(again.stdout).toBe("");

    const short = await sightline([...args.slice(0, 3), "other@test.sightline", ...args.slice(4)], { stdin: "short" });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/password: Password must be at least 10 characters/);

    const noStdinFlag = await sightline(["users", "create", "--email", "x@test.sightline", "--role", "viewer"]);
    expect(noStdinFlag.code).toBe(1);
    expect(noStdinFlag.stderr).toMatch(/--password-stdin/);

    const badRole = await sightline([
      "users",
      "create",
      "--email",
      "x@test.sightline",
      "--role",
      "boss",
      "--password-stdin",
    ]);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/boss/);
  });

  it("refuses a data dir without a database instead of making a second, empty Sightline", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-cli-nodb-"));
    const args = ["users", "create", "--email", "first@test.sightline", "--role", "admin", "--password-stdin"];
    const refused = await sightline(args, {
      stdin: "long-enough-pw",
      env: { DATABASE_URL: "", SIGHTLINE_DATA_DIR: dir },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`there is no Sightline database in ${dir}.*--create-database`));
    expect(readdirSync(dir)).toEqual([]);
    const token = await sightline(["token", "create", "--email", "first@test.sightline", "--name", "x"], {
      env: { DATABASE_URL: "", SIGHTLINE_DATA_DIR: dir },
    });
    expect(token.code).toBe(1);
    expect(token.stderr).toMatch(/there is no Sightline database/);
  });

  it("refuses a bad environment naming the variable", async () => {
    const result = await sightline(["migrate"], { env: { PORT: "not-a-port" } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^sightline: Invalid configuration: PORT: /);
  });

  it("prints help for every command", async () => {
    for (const args of [["--help"], ["users", "--help"], ["users", "create", "--help"], ["migrate", "--help"]]) {
      const result = await sightline(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: sightline/);
    }
  });
});

describe("sightline migrate", () => {
  it("applies migrations (idempotently) and reports an unreachable database with a non-zero exit", async () => {
    const ok = await sightline(["migrate"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Migrations applied/);
    const down = await sightline(["migrate"], { env: { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^sightline: Database migration failed: /);
  });
});

describe("sightline token create", () => {
  it("prints a token once that then calls the REST API as its user, limited to its role", async () => {
    const email = `token-${Date.now()}@test.sightline`;
    await sightline(["users", "create", "--email", email, "--role", "engineer", "--password-stdin"], {
      stdin: "a-strong-password\n",
    });
    const made = await sightline(["token", "create", "--email", email, "--name", "rig script"]);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^sla_[\w-]{43}$/);
    const { userOfApiToken } = await import("../services/api-tokens/api-tokens");
    expect(await userOfApiToken(token)).toMatchObject({ email, role: "engineer" });

    const limited = await sightline([
      "token",
      "create",
      "--email",
      email,
      "--name",
      "read only",
      "--role",
      "viewer",
      "--json",
    ]);
    const parsed = JSON.parse(limited.stdout) as { token: string; role: string; name: string };
    expect(parsed).toMatchObject({ name: "read only", role: "viewer" });
    expect(await userOfApiToken(parsed.token)).toMatchObject({ email, role: "viewer" });

    const unknown = await sightline(["token", "create", "--email", "nobody@test.sightline", "--name", "x"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No user with email nobody@test\.sightline/);
    expect(unknown.stdout).toBe("");
  });
});
