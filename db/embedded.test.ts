/**
 * The embedded PostgreSQL's life cycle with real processes: a Sightline process that is killed
 * with SIGKILL leaves its postgres running; the next start must take the cluster over and keep
 * the data, and a second process on a live cluster must share it rather than stop it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded";

const quiet = { info: () => {}, warn: () => {} };
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "testing/embedded-child.ts"), dataDir],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve({ child, ...JSON.parse(out.split("\n")[0] as string) });
    });
    child.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    child.on("exit", (code) => reject(new Error(`child exited (${code}): ${err}`)));
  });
}

async function postmasterPid(clusterDir: string): Promise<number> {
  const content = await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8");
  return Number.parseInt(content.split("\n")[0] as string, 10);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function query<T extends object>(url: string, run: (sql: postgres.Sql) => Promise<T[]>): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("shares a live cluster, takes over an orphaned one after SIGKILL, and keeps the data", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-embedded-"));
    dirs.push(dataDir);
    const first = await startChild(dataDir);
    await query(first.url, (sql) => sql`create table kept (value text)`);
    await query(first.url, (sql) => sql`insert into kept values ('survives')`);

    // A second process while the first is alive (the CLI beside the server) shares it.
    const shared = await startEmbeddedPostgres({ dataDir, log: quiet });
    expect(shared.port).toBe(first.port);
    await shared.stop();
    expect(await query(first.url, (sql) => sql`select value from kept`)).toEqual([{ value: "survives" }]);

    const clusterDir = path.join(dataDir, "postgres");
    const orphan = await postmasterPid(clusterDir);
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(alive(orphan)).toBe(true);

    const next = await startEmbeddedPostgres({ dataDir, log: quiet });
    try {
      expect(alive(orphan)).toBe(false);
      expect(await query(next.url, (sql) => sql`select value from kept`)).toEqual([{ value: "survives" }]);
    } finally {
      await next.stop();
    }
    await expect(fs.access(path.join(clusterDir, "postmaster.pid"))).rejects.toThrow();
  });

  it("removes a stale pid file whose process is gone", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-embedded-"));
    dirs.push(dataDir);
    const first = await startEmbeddedPostgres({ dataDir, log: quiet });
    await first.stop();
    const clusterDir = path.join(dataDir, "postgres");
    await fs.writeFile(path.join(clusterDir, "postmaster.pid"), `999999\n${clusterDir}\n0\n5432\n\n127.0.0.1\n`);
    const second = await startEmbeddedPostgres({ dataDir, log: quiet });
    expect(await query(second.url, (sql) => sql`select 1 as one`)).toEqual([{ one: 1 }]);
    await second.stop();
  });
});
