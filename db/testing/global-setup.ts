/**
 * Gives the test run a real PostgreSQL and on it a freshly migrated template database: the
 * embedded server in a temporary directory by default, or the server of DATABASE_URL when it is
 * set (CI runs the suite both ways). Each test file works on its own copy of the template
 * (server/testing/test-database.ts), so files run in parallel; nothing connects to the template
 * itself, or it could not be copied.
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
    /** The migrated database each test file copies (never connected to: a copy needs it idle). */
    dbTemplate: string;
    /** Superuser URL of the server, for the copies and for tests that need an empty database. */
    dbAdminUrl: string;
    dbServer: "embedded" | "external";
  }
}

export default async function setup(project: TestProject) {
  // The files' copies are named after the template: whatever a crashed file left is found by it.
  const template = `sightline_test_${randomBytes(4).toString("hex")}`;
  const external = process.env.DATABASE_URL;
  if (external) {
    await createTemplate(external, template);
    project.provide("dbTemplate", template);
    project.provide("dbAdminUrl", external);
    project.provide("dbServer", "external");
    process.stdout.write(`tests use PostgreSQL at ${redact(external)} (copies of database ${template})\n`);
    return () => dropDatabases(external, template);
  }

  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-test-"));
  const embedded = await startEmbeddedPostgres({ dataDir, log: { info: () => {}, warn: () => {} } });
  const adminUrl = withDatabase(embedded.url, "postgres");
  await createTemplate(adminUrl, template);
  project.provide("dbTemplate", template);
  project.provide("dbAdminUrl", adminUrl);
  project.provide("dbServer", "embedded");
  process.stdout.write(`tests use the embedded PostgreSQL on port ${embedded.port}\n`);
  return async () => {
    await embedded.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}

async function createTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  // applyMigrations closes its connection when done, leaving the template idle for copies.
  await applyMigrations(withDatabase(adminUrl, name));
}

/** Drops the template and every copy of it still there (a file that crashed keeps its copy). */
async function dropDatabases(adminUrl: string, template: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database where datname = ${template} or datname like ${`${template}\\_%`}`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists ${datname} with (force)`);
  } finally {
    await admin.end();
  }
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
