/**
 * Benchmark of the matching and metrics (prints one JSON object; not a test): the time to
 * evaluate 1,000,000 ground-truth events against 1,000,000 detections (full Sightline mode:
 * matching, re-triggers, negatives, latency statistics, per class), and in the same run a
 * Hopcroft–Karp oracle over the explicit all-pairs graph on a size it can handle, next to ours on
 * that same size. The oracle's match count must equal ours, or the benchmark fails.
 *
 * The events are a synthetic rig session: pedestrians and cyclists appearing every 0.4–3.6 s for
 * 0.5–4 s, a camera that finds 92% of them 20–1,100 ms after onset (some outside the window),
 * re-triggers inside events and spurious detections in between; detections have no class (a
 * GPIO line). Ground truth comes in time order, detections in the order a rig's clock would not
 * quite guarantee (a small share swapped), so the sorts are exercised. `own_windows_seconds`: the
 * same session with every event given a window of its own (DESIGN §13) of varied width, so the
 * windows do not rise together and the heap sweep runs. `shuffled_seconds`: the same million with
 * both lists in random order, as new objects made in that order the way a reader of such a file
 * makes them (the radix sorts and the gathering into time order run); `shuffled_ratio` divides it
 * by the ordered time. Each timed evaluation starts on a collected heap (--expose-gc) and only its
 * count is kept. `mir_eval`: where Debian's python3-mir-eval is
 * installed, mir_eval.util.match_events on the same onsets, timed in its own process after loading
 * (bench/mir_eval_match.py), and the speedup of Sightline's full evaluation over it; without it,
 * `mir_eval` says why. Its window (symmetric; BENCH_MIR_WINDOW_S) defaults to Sightline's match
 * window, 1 s, the smallest that admits every pair Sightline may match, so both find about as many
 * matches (both counts are printed). Sizes: BENCH_N (default
 * 1,000,000), BENCH_ORACLE_N (default 20,000), BENCH_REPEAT (timed runs, median; default 3).
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type DetectionEvent,
  defaultEvaluationSettings,
  type EvaluationSettings,
  evaluateDetections,
  type GroundTruthEvent,
} from "@/lib/analysis/evaluate";
import { hopcroftKarpMatchCount } from "@/lib/analysis/testing/hopcroft-karp";
import { seededRandom } from "@/lib/seeded-random";

const N = Number(process.env.BENCH_N ?? 1_000_000);
const ORACLE_N = Number(process.env.BENCH_ORACLE_N ?? 20_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

function session(n: number, seed: number) {
  const next = seededRandom(seed);
  const between = (a: number, b: number) => Math.round(a + (b - a) * next());
  const reference: GroundTruthEvent[] = [];
  let t = 1_000_000;
  for (let i = 0; i < n; i++) {
    t += between(400_000, 3_600_000);
    reference.push({
      onsetUs: t,
      offsetUs: t + between(500_000, 4_000_000),
      class: next() < 0.7 ? "pedestrian" : "cyclist",
    });
  }
  const detections: DetectionEvent[] = [];
  for (let i = 0; detections.length < n; i = (i + 1) % n) {
    const g = reference[i] as GroundTruthEvent;
    const roll = next();
    if (roll < 0.92) detections.push({ onsetUs: g.onsetUs + between(20_000, 1_100_000) });
    else if (roll < 0.96) detections.push({ onsetUs: g.onsetUs + between(200_000, 3_000_000) });
    else detections.push({ onsetUs: g.onsetUs - between(100_000, 400_000) });
  }
  for (let k = 0; k < n / 100; k++) {
    const a = between(0, n - 2);
    const d = detections[a] as DetectionEvent;
    detections[a] = detections[a + 1] as DetectionEvent;
    detections[a + 1] = d;
  }
  return { reference, detections, durationUs: t + 5_000_000 };
}

function timed<T>(run: () => T): { seconds: number; value: T } {
  const started = process.hrtime.bigint();
  const value = run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const settings = (durationUs: number): EvaluationSettings => ({
  ...defaultEvaluationSettings,
  durationUs,
  latencyThresholdsMs: [80, 150],
});

/**
 * Median seconds of REPEAT evaluations, each started on a collected heap (run with
 * --expose-gc): the figure is the evaluation's own work and garbage, not a collection of what the
 * benchmark itself keeps around (millions of event objects) that happens to fall inside it.
 */
function measure(reference: readonly GroundTruthEvent[], detections: readonly DetectionEvent[], durationUs: number) {
  const seconds: number[] = [];
  let tp = 0;
  for (let r = 0; r < REPEAT; r++) {
    globalThis.gc?.();
    // Only the count is kept: a server drops an evaluation once it is stored.
    const run = timed(() => evaluateDetections(reference, detections, settings(durationUs)).counts.tp);
    seconds.push(run.seconds);
    tp = run.value;
  }
  return { seconds: median(seconds), tp };
}

// Warm-up on a smaller session so that the timed runs measure compiled code, as in a server.
const warm = session(50_000, 2);
evaluateDetections(warm.reference, warm.detections, settings(warm.durationUs));
let big: ReturnType<typeof session> | null = session(N, 1);
const durationUs = big.durationUs;
const ordered = measure(big.reference, big.detections, durationUs);

// Every event with its own window: 0–300 ms before the onset to 200–1,500 ms after it.
const ownWindows = (() => {
  const next = seededRandom(4);
  const windowed = big.reference.map((g) => ({
    ...g,
    notBeforeUs: g.onsetUs - Math.round(300_000 * next()),
    deadlineUs: g.onsetUs + 200_000 + Math.round(1_300_000 * next()),
  }));
  return measure(windowed, big.detections, durationUs);
})();

// The onsets, in seconds, for mir_eval.
const onsets = (events: readonly { onsetUs: number }[]) => Float64Array.from(events, (e) => e.onsetUs / 1e6);
const referenceSeconds = onsets(big.reference);
const detectionSeconds = onsets(big.detections);

// The same million in random order (Fisher–Yates, seeded), as a reader of a file in that order
// would make them: new objects, in the order they arrive.
function shuffled<T extends object>(list: readonly T[], seed: number): T[] {
  const next = seededRandom(seed);
  const order = Array.from(list, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order.map((i) => ({ ...(list[i] as T) }));
}
const mixedReference = shuffled(big.reference, 5);
const mixedDetections = shuffled(big.detections, 6);
big = null;
const mixed = measure(mixedReference, mixedDetections, durationUs);

/** mir_eval's match_events on the same onsets, in Python, when it is installed. */
function mirEval(): { seconds: number; matches: number; window_s: number } | { skipped: string } {
  const window = Number(process.env.BENCH_MIR_WINDOW_S ?? defaultEvaluationSettings.matchWindowMs / 1000);
  // The first Python that has mir_eval (Debian's is /usr/bin/python3; another may come first in PATH).
  const python = ["python3", "/usr/bin/python3"].find(
    (candidate) => spawnSync(candidate, ["-c", "import mir_eval, numpy"], { encoding: "utf8" }).status === 0,
  );
  if (!python) return { skipped: "python3 with mir_eval and numpy not found (apt-get install python3-mir-eval)" };
  const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-bench-mir-"));
  try {
    writeFileSync(path.join(dir, "ref.f8"), Buffer.from(referenceSeconds.buffer));
    writeFileSync(path.join(dir, "est.f8"), Buffer.from(detectionSeconds.buffer));
    const run = spawnSync(
      python,
      [
        path.join(import.meta.dirname, "mir_eval_match.py"),
        path.join(dir, "ref.f8"),
        path.join(dir, "est.f8"),
        String(window),
      ],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) return { skipped: `mir_eval failed: ${run.stderr.trim().split("\n").at(-1)}` };
    const out = JSON.parse(run.stdout) as { seconds: number; matches: number };
    return { seconds: out.seconds, matches: out.matches, window_s: window };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const mir = mirEval();

const small = session(ORACLE_N, 3);
const oracle = timed(() => hopcroftKarpMatchCount(small.reference, small.detections, defaultEvaluationSettings));
const ours = timed(() => evaluateDetections(small.reference, small.detections, settings(small.durationUs)));
if (oracle.value !== ours.value.counts.tp) {
  console.error(`The oracle found ${oracle.value} matches and Sightline ${ours.value.counts.tp}: they must agree.`);
  process.exit(1);
}

console.log(
  JSON.stringify({
    n: N,
    seconds: Number(ordered.seconds.toFixed(3)),
    own_windows_seconds: Number(ownWindows.seconds.toFixed(3)),
    shuffled_seconds: Number(mixed.seconds.toFixed(3)),
    shuffled_ratio: Number((mixed.seconds / ordered.seconds).toFixed(2)),
    ...("skipped" in mir
      ? { mir_eval: mir }
      : {
          mir_eval_seconds: Number(mir.seconds.toFixed(3)),
          mir_eval: { matches: mir.matches, window_s: mir.window_s, sightline_matches: ordered.tp },
          speedup: Number((mir.seconds / ordered.seconds).toFixed(2)),
        }),
    oracle: {
      n: ORACLE_N,
      seconds: Number(oracle.seconds.toFixed(3)),
      ours_seconds_at_n: Number(ours.seconds.toFixed(4)),
    },
  }),
);
