/**
 * A database of a test file's own on the test server, for tests that run workers or register
 * rigs: other files' workers must not claim its jobs, and its rigs must not make other files'
 * runs wait for rig sessions. Opens it as the process's database; `drop` closes and removes it.
 */
import postgres from "postgres";
import { inject } from "vitest";
import { closeDatabase, openDatabase } from "../client";
import { applyMigrations } from "../migrate";

export async function ownDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sightline_${prefix}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = postgres(inject("dbAdminUrl"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const parsed = new URL(inject("dbAdminUrl"));
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  await applyMigrations(url);
  await closeDatabase();
  openDatabase(url);
  return {
    url,
    async drop() {
      await closeDatabase();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
