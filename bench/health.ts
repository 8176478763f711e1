/**
 * Benchmark of GET /api/v1/workflow/health (prints one JSON object; not a test): the production
 * server on its own embedded PostgreSQL, an open-loop load of BENCH_RATE (default 200) requests
 * per second — each sent on schedule whether or not earlier ones answered — for a warm-up of
 * BENCH_WARM_UP_SECONDS (5), then BENCH_SECONDS (10) measured: latency p50/p99; then the database is stopped and the time until health answers 503
 * is measured. Builds the app first if there is no build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { startServer, stopServer } from "@/e2e/fixtures/server-process";
import { freePort } from "@/server/testing/processes";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 5);
const root = path.resolve(import.meta.dirname, "..");
const quiet = { info() {}, warn() {} };
const round = (x: number) => Math.round(x * 10) / 10;

function get(agent: http.Agent, port: number): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get({ agent, hostname: "127.0.0.1", port, path: "/api/v1/workflow/health" }, (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
      })
      .on("error", reject);
  });
}

async function main() {
  const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("the build failed");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bench-health-"));
  const database = await startEmbeddedPostgres({ dataDir: path.join(dir, "db"), log: quiet });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let databaseStopped = false;
  try {
    await applyMigrations(database.url);
    const port = await freePort();
    server = await startServer({
      port,
      dataDir: path.join(dir, "app"),
      env: { DATABASE_URL: database.url, LOG_LEVEL: "error" },
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    // Open-loop load: each request is sent on schedule whether or not earlier ones answered.
    const load = async (seconds: number, record: boolean) => {
      const pending: Promise<void>[] = [];
      const total = RATE * seconds;
      const started = performance.now();
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        pending.push(
          get(agent, port).then(({ status, ms }) => {
            if (!record) return;
            if (process.env.BENCH_DEBUG) process.stderr.write(`${Math.round(due - started)} ${Math.round(ms)}\n`);
            if (status === 200) timings.push(ms);
            else failures.push(status);
          }),
        );
      }
      await Promise.all(pending);
      return total;
    };
    const timings: number[] = [];
    const failures: number[] = [];
    // Warm-up at the same rate: the route's code loaded, the pool filled, start-up work done.
    await load(WARM_UP_SECONDS, false);
    const total = await load(SECONDS, true);
    timings.sort((a, b) => a - b);
    const at = (p: number) => timings[Math.min(timings.length - 1, Math.ceil((p / 100) * timings.length) - 1)] ?? 0;

    await database.stop();
    databaseStopped = true;
    const downStarted = performance.now();
    const down = await get(new http.Agent({ keepAlive: false }), port);
    const downMs = performance.now() - downStarted;
    agent.destroy();
    process.stdout.write(
      `${JSON.stringify({
        rate: RATE,
        requests: total,
        errors: failures.length,
        p50_ms: round(at(50)),
        p99_ms: round(at(99)),
        db_down: { status: down.status, ms: round(downMs) },
      })}\n`,
    );
  } finally {
    if (server) await stopServer(server);
    if (!databaseStopped) await database.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:health failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
