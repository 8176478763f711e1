/**
 * Chaos benchmark (prints one JSON object; not a test): BENCH_TRIALS (default 20) real runs, each
 * on a fresh installation — the production server on its embedded PostgreSQL, two rigs with real
 * agent processes (the simulated camera), four annotated videos — with one fault at a random
 * point of its execution (server/testing/chaos/faults.ts), taken in turn from a seeded shuffle of
 * the kinds (BENCH_FAULTS to choose some, BENCH_SEED for another draw). Each run must end (within
 * BENCH_END_SECONDS after the fault, default 180) with nothing lost, doubled or judged on partial
 * evidence; its verdict is compared with the same run uninterrupted, recomputed from the seeded
 * cameras. After a cancel, a second run must play on the same rigs. Progress on stderr.
 * Builds the app first if there is no build.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { seededRandom } from "@/lib/seeded-random";
import {
  type FaultKind,
  faultKinds,
  injectFault,
  resumeSeconds,
  SHORT_GRACE_SECONDS,
} from "@/server/testing/chaos/faults";
import { RigWorld } from "@/server/testing/chaos/rig-world";
import { checkRun, type RunCheck } from "@/server/testing/chaos/run-checks";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const END_SECONDS = Number(process.env.BENCH_END_SECONDS ?? 180);
const FAULTS = (process.env.BENCH_FAULTS?.split(",").filter(Boolean) ?? [...faultKinds]) as FaultKind[];
const root = path.resolve(import.meta.dirname, "..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Trial = {
  fault: FaultKind;
  completed: boolean;
  hung: boolean;
  resumeS: number | null;
  check: RunCheck | null;
  note: string;
};

/** Faults in turn from a seeded shuffle, so a run of N trials covers every kind about N/8 times. */
function schedule(random: () => number): FaultKind[] {
  for (const kind of FAULTS) if (!faultKinds.includes(kind)) throw new Error(`BENCH_FAULTS: no fault named ${kind}`);
  const order = [...FAULTS];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as FaultKind, order[i] as FaultKind];
  }
  return Array.from({ length: TRIALS }, (_, i) => order[i % order.length] as FaultKind);
}

async function trial(index: number, fault: FaultKind, random: () => number): Promise<Trial> {
  const world = await RigWorld.create({
    seed: SEED * 1000 + index,
    serverEnv: fault === "sigterm_short_grace" ? { SIGHTLINE_SHUTDOWN_GRACE_SECONDS: String(SHORT_GRACE_SECONDS) } : {},
  });
  let runId = "";
  try {
    runId = await world.startRun();
    // A random point of the run: its planning, the playback (two rigs share the videos), or its
    // analysis just after.
    const playbackMs = world.videos.reduce((sum, v) => sum + v.durationMs, 0) / 2;
    await sleep(random() * (playbackMs + 1500));
    const outcome = await injectFault(world, fault, random, runId);
    const resumeS = await resumeSeconds(world, runId, outcome);
    let checked = runId;
    let note = outcome.detail;
    if (outcome.cancelled) {
      // The cancelled run's sessions must be closed at once, and the rigs free for the next run.
      await world.waitFor(
        async () =>
          (
            await world.query(
              (q) => q<{ n: number }[]>`select count(*)::int as n from test_sessions
                                        where workflow_id = ${runId} and status in ('pending', 'running')`,
            )
          )[0]?.n === 0,
        5000,
        "the cancelled run's sessions to close",
      );
      checked = await world.startRun();
      note += "; a second run on the same rigs";
    }
    const end = await world.waitForEnd(checked, END_SECONDS * 1000);
    if (!end) {
      process.stderr.write(`trial ${index} (${fault}) hung:\n${await world.diagnostics(checked)}\n`);
      return { fault, completed: false, hung: true, resumeS, check: null, note };
    }
    const check = await checkRun(world, checked);
    if (check.state !== "completed" || !check.sameVerdict || check.lost || check.duplicated) {
      process.stderr.write(`trial ${index} (${fault}) diagnostics:\n${await world.diagnostics(checked)}\n`);
    }
    return { fault, completed: check.state === "completed", hung: false, resumeS, check, note };
  } catch (error) {
    process.stderr.write(
      `trial ${index} (${fault}) broke: ${(error as Error).stack}\n${runId ? await world.diagnostics(runId) : ""}\n`,
    );
    return { fault, completed: false, hung: true, resumeS: null, check: null, note: (error as Error).message };
  } finally {
    await world.close().catch(() => {});
  }
}

function quantiles(values: number[]) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { p50: null, max: null };
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(sorted[Math.ceil(sorted.length / 2) - 1] as number), max: round(sorted.at(-1) as number) };
}

function summarise(trials: Trial[]) {
  const resume = trials.map((t) => (t.resumeS === null ? Number.POSITIVE_INFINITY : t.resumeS));
  return {
    trials: trials.length,
    completed: trials.filter((t) => t.completed).length,
    same_verdict: trials.filter((t) => t.check?.sameVerdict).length,
    same_figures: trials.filter((t) => t.check?.sameFigures).length,
    lost: trials.reduce((sum, t) => sum + (t.check?.lost ?? 0), 0),
    duplicated: trials.reduce((sum, t) => sum + (t.check?.duplicated ?? 0), 0),
    doubled_effects: trials.reduce((sum, t) => sum + (t.check?.doubledEffects.length ?? 0), 0),
    hung: trials.filter((t) => t.hung).length,
    false_verdicts: trials.filter((t) => t.check?.falseVerdict).length,
    resume_s: { ...quantiles(resume), never: resume.filter((r) => !Number.isFinite(r)).length },
  };
}

async function main() {
  const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("the build failed");
  const random = seededRandom(SEED);
  const trials: Trial[] = [];
  for (const [index, fault] of schedule(random).entries()) {
    const started = Date.now();
    const result = await trial(index, fault, random);
    trials.push(result);
    const c = result.check;
    process.stderr.write(
      `trial ${index + 1}/${TRIALS} ${fault}: ${result.hung ? "HUNG" : c?.state} verdict ${c?.verdict} (uninterrupted ${c?.expectedVerdict}) ` +
        `resume ${result.resumeS ?? "never"} s, lost ${c?.lost ?? "?"}, duplicated ${c?.duplicated ?? "?"}, ` +
        `doubled ${c?.doubledEffects.join("; ") || 0}, ${c?.videosCompleted}/${c?.videosAssigned} videos — ${result.note} ` +
        `(${Math.round((Date.now() - started) / 1000)} s)\n`,
    );
  }
  const byFault = Object.fromEntries(
    [...new Set(trials.map((t) => t.fault))].map((kind) => [kind, summarise(trials.filter((t) => t.fault === kind))]),
  );
  process.stdout.write(`${JSON.stringify({ ...summarise(trials), by_fault: byFault })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
