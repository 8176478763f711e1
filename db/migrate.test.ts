import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, defaultMigrationsFolder, MigrationError } from "./migrate";

const bin = path.resolve(import.meta.dirname, "../bin/sightline.mjs");

/** The real `sightline migrate` in a child process: its exit code and what it wrote to stderr. */
function migrateProcess(url: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "migrate"], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

const admin = postgres(inject("dbAdminUrl"), { max: 1, onnotice: () => {} });
const created: string[] = [];

async function scratchDatabase(): Promise<string> {
  const name = `sightline_scratch_${Math.random().toString(16).slice(2, 10)}`;
  await admin.unsafe(`create database ${name}`);
  created.push(name);
  const url = new URL(inject("dbAdminUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe("migrations", () => {
  it("create the whole schema on an empty database and are idempotent", async () => {
    const url = await scratchDatabase();
    await applyMigrations(url);
    await applyMigrations(url);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const tables = await sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
    await sql.end();
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        "projects",
        "latency_thresholds",
        "pass_fail_criteria",
        "videos",
        "ground_truth_events",
        "project_videos",
        "workflows",
        "workflow_tasks",
        "workflow_events",
        "rigs",
        "test_sessions",
        "detection_events",
        "evaluations",
        "users",
      ]),
    );
  });

  it("are applied once when several processes start on one database at the same moment", async () => {
    const url = await scratchDatabase();
    // Web and worker processes of one deployment start together on one DATABASE_URL.
    const results = await Promise.all(Array.from({ length: 4 }, () => migrateProcess(url)));
    expect(results.map((r) => r.stderr)).toEqual(["", "", "", ""]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const journal = JSON.parse(await fs.readFile(path.join(defaultMigrationsFolder, "meta/_journal.json"), "utf8"));
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const applied = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations order by id`;
    await sql.end();
    expect(applied).toHaveLength(journal.entries.length);
    expect(new Set(applied.map((a) => a.hash)).size).toBe(journal.entries.length);
  }, 60_000);

  it("stop with a MigrationError naming the cause when a migration fails, applying nothing after it", async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-migrations-"));
    await fs.cp(defaultMigrationsFolder, folder, { recursive: true });
    const journalFile = path.join(folder, "meta/_journal.json");
    const journal = JSON.parse(await fs.readFile(journalFile, "utf8"));
    journal.entries.push({
      ...journal.entries.at(-1),
      idx: journal.entries.length,
      tag: "9999_broken",
      when: Date.now(),
    });
    await fs.writeFile(journalFile, JSON.stringify(journal));
    await fs.writeFile(path.join(folder, "9999_broken.sql"), "ALTER TABLE projects ADD COLUMN oops no_such_type;");

    const url = await scratchDatabase();
    const error = await applyMigrations(url, folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/^Database migration failed: .*no_such_type/);
    await fs.rm(folder, { recursive: true, force: true });
  });
});
