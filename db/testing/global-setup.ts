/**
 * Gives the test run a real, freshly migrated PostgreSQL: the embedded one in a temporary
 * directory by default, or a new database on the server of DATABASE_URL when it is set (CI runs
 * the suite both ways). Tests read the URL with inject("dbUrl").
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../embedded";
import { applyMigrations } from "../migrate";

declare module "vitest" {
  export interface ProvidedContext {
    dbUrl: string;
    /** Superuser URL of the same server, for tests that need a database of their own. */
    dbAdminUrl: string;
    dbServer: "embedded" | "external";
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `sightline_test_${randomBytes(4).toString("hex")}`;
    const admin = postgres(external, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = withDatabase(external, name);
    await applyMigrations(url);
    project.provide("dbUrl", url);
    project.provide("dbAdminUrl", external);
    project.provide("dbServer", "external");
    process.stdout.write(`tests use PostgreSQL at ${redact(external)} (database ${name})\n`);
    return async () => {
      const adminAfter = postgres(external, { max: 1, onnotice: () => {} });
      await adminAfter.unsafe(`drop database if exists ${name} with (force)`);
      await adminAfter.end();
    };
  }

  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-test-"));
  const embedded = await startEmbeddedPostgres({ dataDir, log: { info: () => {}, warn: () => {} } });
  await applyMigrations(embedded.url);
  project.provide("dbUrl", embedded.url);
  project.provide("dbAdminUrl", withDatabase(embedded.url, "postgres"));
  project.provide("dbServer", "embedded");
  process.stdout.write(`tests use the embedded PostgreSQL on port ${embedded.port}\n`);
  return async () => {
    await embedded.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
