/**
 * A database of a test file's own on the test server, for tests that run workers or register
 * rigs: other files' workers must not claim its jobs, and its rigs must not make other files'
 * runs wait for rig sessions. Composes the process's runtime on it (with the file's doubles, if
 * any); `drop` closes and removes it.
 */
import postgres from "postgres";
import { inject } from "vitest";
import { applyMigrations } from "@/db/migrate";
import { type ComposeOptions, closeRuntime, composeRuntime } from "../runtime/compose";

export async function ownDatabase(
  prefix: string,
  options: Omit<ComposeOptions, "databaseUrl"> = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sightline_${prefix}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = postgres(inject("dbAdminUrl"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const parsed = new URL(inject("dbAdminUrl"));
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  await applyMigrations(url);
  await closeRuntime();
  composeRuntime({ ...options, databaseUrl: url });
  return {
    url,
    async drop() {
      await closeRuntime();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
