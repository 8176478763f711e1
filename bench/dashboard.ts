/**
 * Benchmark of the managers' dashboard (prints one JSON object; not a test): a fresh embedded
 * PostgreSQL seeded with 1,000 projects and 10,000 runs (db/testing/seed-runs.ts), the production
 * server on it, a signed-in user, and BENCH_CONCURRENCY (default 50) clients calling the
 * dashboard's tRPC queries over HTTP in a closed loop — overview, a page of projects with their
 * trends, the pass-rate/p95 trend, active runs, rig utilisation — with pages and filters varied
 * as managers would. Reports the latency of each call (p50, p99) after a warm-up; per-query
 * figures go to stderr. Builds the app first if there is no build.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { seedCameraModels, seedRuns } from "@/db/testing/seed-runs";
import { firstAdminCookie, startServer, stopServer } from "@/e2e/fixtures/server-process";
import { freePort } from "@/server/testing/processes";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const root = path.resolve(import.meta.dirname, "..");
const quiet = { info() {}, warn() {} };

/** Deterministic choices (a small LCG), so every run asks the same mix. */
function chooser(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

function calls(count: number) {
  const pick = chooser(42);
  const views = ["front", "rear", "left", "right"];
  const filters = () => {
    const f: Record<string, string> = {};
    if (pick(3) === 0) f.cameraModel = seedCameraModels[pick(seedCameraModels.length)] as string;
    if (pick(3) === 0) f.cameraView = views[pick(4)] as string;
    return f;
  };
  const pages = Math.ceil(PROJECTS / 25);
  const list: Array<{ name: string; input: unknown }> = [];
  for (let i = 0; i < count; i++) {
    const f = filters();
    switch (i % 5) {
      case 0:
        list.push({ name: "overview", input: f });
        break;
      case 1:
        list.push({ name: "projects", input: { ...f, page: 1 + pick(f.cameraModel || f.cameraView ? 3 : pages) } });
        break;
      case 2:
        list.push({ name: "trend", input: { ...f, days: 30 } });
        break;
      case 3:
        list.push({ name: "activeRuns", input: f });
        break;
      default:
        list.push({ name: "rigs", input: { hours: 24 } });
    }
  }
  return list;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const round = (x: number) => Math.round(x * 10) / 10;

async function main() {
  const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("the build failed");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bench-dashboard-"));
  const database = await startEmbeddedPostgres({ dataDir: path.join(dir, "db"), log: quiet });
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await applyMigrations(database.url);
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const seedStarted = performance.now();
    await seedRuns(sql, { prefix: "Bench camera", projects: PROJECTS, runs: RUNS, activeEvery: 200, rigs: 12 });
    await sql`analyze`;
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await sql.end();

    server = await startServer({
      port: await freePort(),
      dataDir: path.join(dir, "app"),
      env: { DATABASE_URL: database.url, LOG_LEVEL: "error" },
    });
    const cookie = await firstAdminCookie(server.baseURL, {
      email: "bench@dashboard.sightline",
      password: "bench-password-1234",
    });
    // A light client (node:http, kept-alive sockets, one per concurrent caller) so that the load
    // generator, which shares the machine, takes as little CPU from the server as it can.
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const { hostname, port } = new URL(server.baseURL);
    const call = (name: string, input: unknown) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const request = http.get(
          {
            agent,
            hostname,
            port,
            path: `/api/trpc/dashboard.${name}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
            headers: { cookie },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const ms = performance.now() - started;
              if (response.statusCode !== 200) {
                const body = Buffer.concat(chunks).toString().slice(0, 300);
                reject(new Error(`dashboard.${name} answered ${response.statusCode}: ${body}`));
              } else resolve(ms);
            });
            response.on("error", reject);
          },
        );
        request.on("error", reject);
      });

    const run = async (list: Array<{ name: string; input: unknown }>) => {
      const timings: Array<{ name: string; ms: number }> = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < list.length) {
            const item = list[next++] as { name: string; input: unknown };
            timings.push({ name: item.name, ms: await call(item.name, item.input) });
          }
        }),
      );
      return timings;
    };
    await run(calls(500)); // warm-up: code loaded, plans cached, pools filled
    const started = performance.now();
    const timings = await run(calls(CALLS));
    const seconds = (performance.now() - started) / 1000;
    const all = timings.map((t) => t.ms).sort((a, b) => a - b);
    const byQuery: Record<string, { p50: number; p99: number }> = {};
    for (const name of new Set(timings.map((t) => t.name))) {
      const ms = timings
        .filter((t) => t.name === name)
        .map((t) => t.ms)
        .sort((a, b) => a - b);
      byQuery[name] = { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)) };
    }
    process.stderr.write(
      `${JSON.stringify({ projects: PROJECTS, runs: RUNS, seed_s: round(seedSeconds), calls: all.length, calls_per_s: round(all.length / seconds), by_query: byQuery })}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ concurrency: CONCURRENCY, p50_ms: round(percentile(all, 50)), p99_ms: round(percentile(all, 99)) })}\n`,
    );
    agent.destroy();
  } finally {
    if (server) await stopServer(server);
    await database.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:dashboard failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
