/**
 * `sightline compare` as a user runs it: the real command in a child process on files written
 * here. Events lie far apart, so whether a run found an event is a plain window check, done here
 * independently; the statistics are then the tested ones of lib/stats/paired.ts on that table.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/seeded-random";
import { mcnemarExact, pairedRecallDifference } from "@/lib/stats/paired";
import { runSightline } from "../testing/run-sightline";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-compare-"));
function write(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}
const compare = (args: string[]) => runSightline(["compare", ...args]);

/** Events 5 s apart; each run detects an event (once, 20–400 ms late) with its own probability. */
function scenario(seed: number, events: number, foundA: number, foundB: number) {
  const random = seededRandom(seed);
  const reference: string[] = ["onset,offset,class"];
  const a: string[] = ["onset,class"];
  const b: string[] = ["onset,class"];
  const truth: { a: number | null; b: number | null }[] = [];
  for (let i = 0; i < events; i++) {
    const onset = 2 + i * 5;
    reference.push(`${onset},${onset + 1.5},pedestrian`);
    const la = random() < foundA ? Math.round(20 + random() * 380) : null;
    const lb = random() < foundB ? Math.round(20 + random() * 380) : null;
    if (la !== null) a.push(`${(onset + la / 1000).toFixed(3)},pedestrian`);
    if (lb !== null) b.push(`${(onset + lb / 1000).toFixed(3)},pedestrian`);
    truth.push({ a: la, b: lb });
  }
  // A false alarm in A, 2.5 s after an event (outside every window).
  a.push(`${(2 + 2.5).toFixed(3)},pedestrian`);
  return { reference: `${reference.join("\n")}\n`, a: `${a.join("\n")}\n`, b: `${b.join("\n")}\n`, truth };
}

const nearest = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? (s[Math.max(1, Math.ceil((p / 100) * s.length)) - 1] as number) : null;
};

describe("sightline compare", () => {
  it("prints the paired table, McNemar, Newcombe, latencies and changed events of random files", async () => {
    for (const [seed, n, pa, pb] of [
      [1, 60, 0.9, 0.7],
      [2, 25, 0.8, 0.8],
      [3, 120, 0.95, 0.97],
    ] as const) {
      const s = scenario(seed, n, pa, pb);
      const files = [write(`r${seed}.csv`, s.reference), write(`a${seed}.csv`, s.a), write(`b${seed}.csv`, s.b)];
      const run = await compare([
        "--reference",
        files[0] as string,
        "--a",
        files[1] as string,
        "--b",
        files[2] as string,
        "--confidence",
        "0.9",
        "--seed",
        String(seed),
        "--format",
        "json",
      ]);
      expect(run.code, run.stderr).toBe(0);
      const got = JSON.parse(run.stdout);
      const both = s.truth.filter((t) => t.a !== null && t.b !== null).length;
      const aOnly = s.truth.filter((t) => t.a !== null && t.b === null).length;
      const bOnly = s.truth.filter((t) => t.a === null && t.b !== null).length;
      const neither = n - both - aOnly - bOnly;
      expect(got.paired).toEqual({ both, a_only: aOnly, b_only: bOnly, neither });
      expect(got.mcnemar_p).toBe(mcnemarExact(aOnly, bOnly));
      const d = pairedRecallDifference({ both, aOnly, bOnly, neither }, 0.9);
      expect(got.recall).toEqual({ a: d?.a, b: d?.b, diff: d?.diff, diff_ci: d?.interval });
      const la = s.truth.flatMap((t) => (t.a === null ? [] : [t.a]));
      const lb = s.truth.flatMap((t) => (t.b === null ? [] : [t.b]));
      expect(got.latency_ms.p50_a).toBe(nearest(la, 50));
      expect(got.latency_ms.p95_a).toBe(nearest(la, 95));
      expect(got.latency_ms.p50_b).toBe(nearest(lb, 50));
      expect(got.latency_ms.p95_b).toBe(nearest(lb, 95));
      expect(got.latency_ms.p95_diff).toBe((nearest(lb, 95) as number) - (nearest(la, 95) as number));
      const [lo, hi] = got.latency_ms.p95_diff_ci;
      expect(lo).toBeLessThanOrEqual(hi);
      expect(got.bootstrap).toEqual({ seed, resamples: 2000, unit: "event", clusters: n, level: 0.9 });
      const changed = s.truth.flatMap((t, i) =>
        (t.a === null) === (t.b === null) ? [] : [{ reference: i, in: t.a !== null ? "a" : "b" }],
      );
      expect(got.changed).toEqual(changed);
      expect(got.false_positives).toEqual({ a: 1, b: 0 });
    }
  });

  it("the same seed gives the same interval; the table says what was resampled", async () => {
    const s = scenario(4, 40, 0.9, 0.9);
    const args = [
      "--reference",
      write("r4.csv", s.reference),
      "--a",
      write("a4.csv", s.a),
      "--b",
      write("b4.csv", s.b),
    ];
    const [one, two, table] = await Promise.all([
      compare([...args, "--seed", "9", "--format", "json"]),
      compare([...args, "--seed", "9", "--format", "json"]),
      compare(args),
    ]);
    expect(JSON.parse(one.stdout).latency_ms.p95_diff_ci).toEqual(JSON.parse(two.stdout).latency_ms.p95_diff_ci);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/recall B − A 0\.95 newcombe +\[/);
    expect(table.stdout).toMatch(/2000 resamples of 40 events, seed 1/);
  });

  it("refuses bad input with one line naming what is wrong", async () => {
    const s = scenario(5, 5, 1, 1);
    const r = write("r5.csv", s.reference);
    const missing = await compare(["--reference", r, "--a", path.join(scratch, "nope.csv"), "--b", r]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/A detections file .*nope\.csv does not exist/);
    const level = await compare(["--reference", r, "--a", r, "--b", r, "--confidence", "1.5"]);
    expect(level.stderr).toMatch(/--confidence must be below 1/);
    const seed = await compare(["--reference", r, "--a", r, "--b", r, "--seed", "-1"]);
    expect(seed.stderr).toMatch(/--seed must be 0 or more/);
    const stdin = await compare(["--reference", "-", "--a", "-", "--b", r]);
    expect(stdin.stderr).toMatch(/only one of --reference, --a and --b/);
    const broken = await compare([
      "--reference",
      r,
      "--a",
      write("bad.csv", "onset,class\nsoon,pedestrian\n"),
      "--b",
      r,
    ]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/bad\.csv/);
    expect(broken.stdout).toBe("");
  });
});
