/**
 * Benchmark of the production server's memory (prints one JSON object; not a test): the server as
 * `npm start` runs it, on a fresh data dir (its embedded PostgreSQL created at start), with a
 * signed-in admin, a project of annotated videos and BENCH_RIGS (default 4) rigs whose real agent
 * processes play the simulated camera (server/testing/chaos/rig-world.ts).
 *
 * - `ready_s`: from the process's start to its health endpoint's first 200 (PostgreSQL's first
 *   start, its data dir created, included).
 * - `rss_mb.idle`: the server process's resident memory after BENCH_IDLE_S (default 30) seconds
 *   with nothing to do.
 * - `rss_mb.active_50`: the largest resident memory seen (sampled every 200 ms) while BENCH_RUNS
 *   (default 50) runs are active: one per rig played on the rigs (the agents streaming their
 *   detections), the others dry runs of BENCH_DRY_S (default 20) seconds.
 * - `rss_mb.after`: resident memory BENCH_AFTER_S (default 60) seconds after the last run ended —
 *   what the activity left behind.
 * - `pg_rss_mb`: the embedded PostgreSQL's processes' resident memory summed, at the same moment
 *   (shared buffers are counted in each process that touched them, so this overstates it).
 * - `next_bare_rss_mb`: the anchor — a bare Next.js production server (one page, the same Next.js
 *   and React from this checkout) built and started in a scratch folder, idle for BENCH_IDLE_S
 *   seconds, in the same run: what the framework alone holds on this machine.
 * Builds the app first if there is no build; progress on stderr.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { processesUsing } from "@/e2e/fixtures/server-process";
import { RigWorld } from "@/server/testing/chaos/rig-world";
import { freePort } from "@/server/testing/processes";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const RIGS = Number(process.env.BENCH_RIGS ?? 4);
const DRY_S = Number(process.env.BENCH_DRY_S ?? 20);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 30);
const AFTER_S = Number(process.env.BENCH_AFTER_S ?? 60);
const root = path.resolve(import.meta.dirname, "..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number) => Math.round(x * 10) / 10;
const progress = (text: string) => process.stderr.write(`footprint: ${text}\n`);

/** A process's resident memory in MB (VmRSS), 0 if it is gone. */
function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

async function postgresRssMb(dataDir: string): Promise<number> {
  const pids = await processesUsing(path.join(dataDir, "postgres"));
  // The postmaster names its data dir; its children (backends, checkpointer…) are its children.
  const children = new Set<number>(pids);
  for (const pid of pids) {
    // A process that ended since it was listed has no children left to count.
    const listed = (() => {
      try {
        return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8");
      } catch {
        return "";
      }
    })();
    for (const entry of listed.trim().split(/\s+/)) if (entry) children.add(Number(entry));
  }
  let total = 0;
  for (const pid of children) total += rssMb(pid);
  return total;
}

const BARE_PAGE = `export default function Page() {
  return <main><h1>Hello</h1></main>;
}
`;
const BARE_LAYOUT = `export default function RootLayout({ children }) {
  return <html lang="en"><body>{children}</body></html>;
}
`;

/** A bare Next.js production server's resident memory after BENCH_IDLE_S seconds idle, in MB. */
async function bareNextRssMb(): Promise<number> {
  // Inside the checkout, so that Next.js finds this checkout's packages within its workspace root
  // (a scratch folder elsewhere with node_modules linked in is refused); plain JSX, so that it
  // sets up no TypeScript of its own.
  const dir = await fs.mkdtemp(path.join(root, ".bench-next-bare-"));
  try {
    await fs.mkdir(path.join(dir, "app"));
    await fs.writeFile(path.join(dir, "app", "page.jsx"), BARE_PAGE);
    await fs.writeFile(path.join(dir, "app", "layout.jsx"), BARE_LAYOUT);
    const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" as const };
    const built = spawnSync(process.execPath, [next, "build", dir], { cwd: dir, env, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`the bare Next.js app did not build:\n${built.stdout}${built.stderr}`);
    const port = await freePort();
    const child = spawn(process.execPath, [next, "start", dir, "-p", String(port)], { cwd: dir, env, stdio: "ignore" });
    try {
      const deadline = Date.now() + 60_000;
      while (
        !(await fetch(`http://127.0.0.1:${port}/`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (Date.now() > deadline) throw new Error("the bare Next.js server did not answer within 60 s");
        await sleep(100);
      }
      await sleep(IDLE_S * 1000);
      return rssMb(child.pid as number);
    } finally {
      child.kill("SIGKILL");
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("the build failed");
  progress(`starting the server, ${RIGS} rigs`);
  const world = await RigWorld.create({ seed: 7, rigs: RIGS, videos: RIGS });
  try {
    const server = world.server;
    const readyS = ((server.readyAt as number) - server.startedAt) / 1000;
    progress(`ready in ${round(readyS)} s; idle for ${IDLE_S} s`);
    await sleep(IDLE_S * 1000);
    const idle = rssMb(server.pid);

    progress(`${RUNS} runs: ${RIGS} on the rigs, ${RUNS - RIGS} dry runs of ${DRY_S} s`);
    const runs: string[] = [];
    for (let i = 0; i < RIGS; i++) runs.push(await world.startRun());
    for (let i = RIGS; i < RUNS; i++) runs.push(await world.startRun({ dryRunSeconds: DRY_S }));
    let active = rssMb(server.pid);
    const deadline = Date.now() + 600_000;
    for (;;) {
      active = Math.max(active, rssMb(server.pid));
      const [row] = await world.query(
        (q) => q<{ n: number }[]>`
          select count(*)::int as n from workflows
          where id = any(${runs}::uuid[]) and state not in ('completed', 'failed', 'cancelled')`,
      );
      if ((row?.n ?? 0) === 0) break;
      if (Date.now() > deadline) throw new Error(`${row?.n} of ${RUNS} runs did not end within 10 minutes`);
      await sleep(200);
    }
    const states = await world.query(
      (q) => q<{ state: string; n: number }[]>`
        select state, count(*)::int as n from workflows where id = any(${runs}::uuid[]) group by state`,
    );
    progress(`runs ended: ${states.map((s) => `${s.n} ${s.state}`).join(", ")}; waiting ${AFTER_S} s`);
    await sleep(AFTER_S * 1000);
    const after = rssMb(server.pid);
    const pg = await postgresRssMb(world.dataDir);
    progress("the anchor: a bare Next.js production server");
    const bare = await bareNextRssMb();
    process.stdout.write(
      `${JSON.stringify({
        ready_s: round(readyS),
        rss_mb: { idle: round(idle), active_50: round(active), after: round(after) },
        pg_rss_mb: round(pg),
        next_bare_rss_mb: round(bare),
      })}\n`,
    );
  } finally {
    await world.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:footprint failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
