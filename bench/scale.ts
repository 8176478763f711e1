/**
 * Benchmark of Sightline spread over processes (prints one JSON object; not a test): one
 * PostgreSQL (a fresh embedded one, as a separate database server would be), two web processes
 * (`SIGHTLINE_MODE=web`) and worker-only processes (`SIGHTLINE_MODE=worker`), all the production
 * server. Runs are started through the REST API of web process A; a signed-in browser client
 * watches every run through `/live` on web process B, so each push crosses processes (worker →
 * PostgreSQL → web B → browser).
 *
 * - `tasks_per_s`: BENCH_RUNS runs (default 40) started at once, with one worker process and then,
 *   on fresh runs, with two; tasks finished per second from the first start to the last run's end.
 *   Each run is a dry run whose playback takes BENCH_PLAYBACK_S seconds (default 2: a run's time is
 *   mostly waiting for rigs), and each worker runs BENCH_WORKER_CONCURRENCY attempts at once
 *   (default 4), so one worker's capacity is what bounds the first phase — what a second worker
 *   process adds.
 * - `push_ms`: for every `workflow:changed` push the browser receives during both phases, its
 *   arrival minus the change's time (`changedAt`, stamped by the process writing the change;
 *   the same machine's clock). Four runs before the first phase are not measured: fresh
 *   processes load and compile each route and task on first use, a one-off cost.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { io as connect } from "socket.io-client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { applyMigrations } from "@/db/migrate";
import { liveRooms, type WorkflowPush } from "@/lib/live-events";
import { SightlineProcess } from "@/server/testing/chaos/sightline-process";
import { freePort } from "@/server/testing/processes";

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARM_UP_RUNS = 4;
const PLAYBACK_S = Number(process.env.BENCH_PLAYBACK_S ?? 2);
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 4);
const ADMIN = { email: "scale@sightline.test", password: "scale-password-123" };
const quiet = { info: () => {}, warn: () => {} };
const root = path.resolve(import.meta.dirname, "..");

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number;
}
const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

async function waitUntil(check: () => Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A worker-only process has no HTTP server: it is ready once it says so. */
async function startWorker(options: ConstructorParameters<typeof SightlineProcess>[0]) {
  const worker = new SightlineProcess(options);
  await waitUntil(
    async () => {
      if (!worker.running()) throw new Error(`a worker exited before it was ready:\n${worker.tail()}`);
      return worker.output().includes("Sightline worker is ready");
    },
    90_000,
    "a worker process",
  );
  return worker;
}

async function signIn(baseURL: string): Promise<string> {
  const response = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`sign-in at ${baseURL}: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function rest<T>(baseURL: string, cookie: string, route: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseURL}/api/v1/workflow${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: baseURL },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST ${route}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A project with two short annotated videos (seeded into the database, as an import would). */
async function seedProject(sql: postgres.Sql, baseURL: string, cookie: string): Promise<string> {
  const created = await rest<{ project_id?: string; project?: { id: string } }>(baseURL, cookie, "/projects/create", {
    name: "Scale",
    camera_view: "right",
    signal_type: "GPIO",
    workflow_config: { execution_strategy: "parallel" },
  });
  const projectId = (created.project_id ?? created.project?.id) as string;
  const videoIds: string[] = [];
  for (let v = 0; v < 2; v++) {
    const [row] = await sql<{ id: string }[]>`
      insert into videos (file_name, storage_key, sha256, size_bytes, duration_ms, fps, tags, ground_truth_status)
      values (${`scale-${v + 1}.mp4`}, ${`scale/${v}`}, ${String(v).padEnd(64, "0")}, 1024, 8000, 30,
              ${sql.json({ cameraView: "right", vruClasses: ["pedestrian"] })}, 'reviewed')
      returning id`;
    const id = row?.id as string;
    for (let e = 0; e < 3; e++) {
      await sql`insert into ground_truth_events (video_id, class, onset_us, offset_us, source)
                values (${id}, 'pedestrian', ${1_000_000 + e * 2_000_000}, ${1_800_000 + e * 2_000_000}, 'annotated')`;
    }
    videoIds.push(id);
  }
  await rest(baseURL, cookie, `/projects/${projectId}/assign-videos`, { video_ids: videoIds });
  return projectId;
}

async function phase(sql: postgres.Sql, baseURL: string, cookie: string, projectId: string, runs = RUNS) {
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: runs }, () =>
      rest<{ workflow_id: string }>(baseURL, cookie, "/tests/execute", {
        project_id: projectId,
        workflow_config: { execution_strategy: "parallel", parameters: { dry_run_seconds: PLAYBACK_S } },
      }).then((r) => r.workflow_id),
    ),
  );
  await waitUntil(
    async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from workflows where id = any(${ids}::uuid[]) and state in ('completed', 'failed', 'cancelled')`;
      return row?.n === runs;
    },
    600_000,
    `${runs} runs to end`,
  );
  const seconds = (performance.now() - started) / 1000;
  const [tasks] = await sql<{ n: number; failed: number }[]>`
    select count(*)::int as n, count(*) filter (where state = 'failed')::int as failed
    from workflow_tasks where workflow_id = any(${ids}::uuid[]) and state in ('succeeded', 'skipped', 'failed')`;
  if ((tasks?.failed ?? 0) > 0) throw new Error(`${tasks?.failed} tasks failed in the runs; see the processes' output`);
  return (tasks?.n ?? 0) / seconds;
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bench-scale-"));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "database"), log: quiet });
  const processes: SightlineProcess[] = [];
  let sql: postgres.Sql | undefined;
  const browser: { close(): void }[] = [];
  try {
    await applyMigrations(pg.url);
    const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("the build failed");
    sql = postgres(pg.url, { max: 4, onnotice: () => {} });
    const shared = path.join(dir, "shared");
    await fs.mkdir(shared);
    const env = {
      DATABASE_URL: pg.url,
      SIGHTLINE_WORKER_CONCURRENCY: String(CONCURRENCY),
      SIGHTLINE_SHUTDOWN_GRACE_SECONDS: "2",
    };
    const [webA, webB] = await Promise.all(
      ["a", "b"].map(async () =>
        SightlineProcess.start({ port: await freePort(), dataDir: shared, env: { ...env, SIGHTLINE_MODE: "web" } }),
      ),
    );
    processes.push(webA as SightlineProcess, webB as SightlineProcess);
    const a = (webA as SightlineProcess).baseURL;
    const b = (webB as SightlineProcess).baseURL;
    const setup = await fetch(`${a}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: a },
      body: JSON.stringify(ADMIN),
    });
    if (setup.status !== 201) throw new Error(`first admin: ${setup.status} ${await setup.text()}`);
    const cookieA = await signIn(a);
    const projectId = await seedProject(sql, a, cookieA);

    // The browser, on web process B.
    const pushes: number[] = [];
    const live = connect(`${b}/live`, {
      forceNew: true,
      transports: ["websocket"],
      extraHeaders: { cookie: await signIn(b), origin: b },
    });
    browser.push(live);
    await new Promise<void>((resolve, reject) => {
      live.once("connect", () => resolve());
      live.once("connect_error", reject);
    });
    let measuring = false;
    live.on("workflow:changed", (push: WorkflowPush) => {
      if (measuring) pushes.push(Date.now() - push.changedAt);
    });
    live.emit("subscribe", liveRooms.workflows);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const workerOptions = async () => ({
      port: await freePort(),
      dataDir: shared,
      env: { ...env, SIGHTLINE_MODE: "worker" },
    });
    processes.push(await startWorker(await workerOptions()));
    // A few runs first, not measured: the fresh processes load and compile each route and task on
    // its first use, a one-off cost that is not the push path being measured.
    await phase(sql, a, cookieA, projectId, WARM_UP_RUNS);
    measuring = true;
    const one = await phase(sql, a, cookieA, projectId);
    processes.push(await startWorker(await workerOptions()));
    const two = await phase(sql, a, cookieA, projectId);

    pushes.sort((x, y) => x - y);
    process.stderr.write(
      `${JSON.stringify({ runs_per_phase: RUNS, playback_s: PLAYBACK_S, worker_concurrency: CONCURRENCY, pushes: pushes.length, added: `${Math.round((two / one - 1) * 100)} %` })}\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        tasks_per_s: { workers_1: round(one), workers_2: round(two) },
        push_ms: { p50: round(percentile(pushes, 50)), p99: round(percentile(pushes, 99)) },
      })}\n`,
    );
  } catch (error) {
    process.stderr.write(`bench:scale failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    for (const p of processes) process.stderr.write(`--- pid ${p.pid}\n${p.tail(3000)}\n`);
    process.exitCode = 1;
  } finally {
    for (const socket of browser) socket.close();
    // Stopped by their pids (SIGTERM, then SIGKILL past the grace).
    await Promise.all(processes.map((p) => p.stop(10_000)));
    await sql?.end({ timeout: 1 });
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
  process.exit(process.exitCode ?? 0);
}

void main();
