/**
 * Every test file runs on a database of its own, copied from the migrated template the run's
 * global setup made (db/testing/global-setup.ts): files run side by side without one file's
 * workers claiming another's jobs, its rigs holding another's runs, or its rows showing in
 * another's counts. A copy takes a fraction of a second; migrating afresh would take seconds.
 */
import postgres from "postgres";
import { inject } from "vitest";

let created: { name: string; url: string } | undefined;

/** Creates this file's database (once, from the setup file) and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  if (created) return created.url;
  const template = inject("dbTemplate");
  const name = `${template}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = postgres(inject("dbAdminUrl"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(inject("dbAdminUrl"));
  url.pathname = `/${name}`;
  created = { name, url: url.toString() };
  return created.url;
}

/** The URL of this file's database, for the processes a test starts. */
export function testDatabaseUrl(): string {
  if (!created) throw new Error("the test database is made by server/testing/setup.ts; is it in setupFiles?");
  return created.url;
}

/** Drops this file's database once everything of the file has closed its connections. */
export async function dropTestDatabase(): Promise<void> {
  if (!created) return;
  const admin = postgres(inject("dbAdminUrl"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${created.name} with (force)`);
  } finally {
    await admin.end();
  }
  created = undefined;
}
