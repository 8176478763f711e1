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
 * windows do not rise together and the heap sweep runs. Sizes: BENCH_N (default
 * 1,000,000), BENCH_ORACLE_N (default 20,000), BENCH_REPEAT (timed runs, median; default 3).
 */

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

const big = session(N, 1);
// Warm-up on a smaller session so that the timed runs measure compiled code, as in a server.
const warm = session(50_000, 2);
evaluateDetections(warm.reference, warm.detections, settings(warm.durationUs));
const runs = Array.from({ length: REPEAT }, () =>
  timed(() => evaluateDetections(big.reference, big.detections, settings(big.durationUs))),
);

// Every event with its own window: 0–300 ms before the onset to 200–1,500 ms after it.
const windowed = (() => {
  const next = seededRandom(4);
  return big.reference.map((g) => ({
    ...g,
    notBeforeUs: g.onsetUs - Math.round(300_000 * next()),
    deadlineUs: g.onsetUs + 200_000 + Math.round(1_300_000 * next()),
  }));
})();
const ownRuns = Array.from({ length: REPEAT }, () =>
  timed(() => evaluateDetections(windowed, big.detections, settings(big.durationUs))),
);

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
    seconds: Number(median(runs.map((r) => r.seconds)).toFixed(3)),
    own_windows_seconds: Number(median(ownRuns.map((r) => r.seconds)).toFixed(3)),
    oracle: {
      n: ORACLE_N,
      seconds: Number(oracle.seconds.toFixed(3)),
      ours_seconds_at_n: Number(ours.seconds.toFixed(4)),
    },
  }),
);
