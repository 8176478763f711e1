/**
 * `sightline evaluate` as a user runs it: the real command in a child process, on the peers'
 * reference files (read in place) and on files written here in every input format.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasReference, referenceDir } from "@/lib/analysis/testing/reference";
import { runSightline } from "../testing/run-sightline";

const sightline = (args: string[]) => runSightline(["evaluate", ...args]);

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-evaluate-"));
function write(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

const onsetFolder = path.join(referenceDir, "mir_eval_onset");
const mirEval = hasReference("mir_eval_onset");
const sedFolder = path.join(referenceDir, "sed_eval_sound_event");
const sedEval = hasReference("sed_eval_sound_event");

describe.skipIf(!mirEval)("sightline evaluate --mode onset on mir_eval's files", () => {
  it("prints mir_eval's F, P and R for every refNN/estNN pair", async () => {
    const cases = readdirSync(onsetFolder)
      .filter((f) => /^output\d+\.json$/.test(f))
      .map((f) => f.slice(6, -5));
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const results = await Promise.all(
      cases.map((n) =>
        sightline([
          "--reference",
          path.join(onsetFolder, `ref${n}.txt`),
          "--detections",
          path.join(onsetFolder, `est${n}.txt`),
          "--mode",
          "onset",
          "--format",
          "json",
        ]),
      ),
    );
    cases.forEach((n, k) => {
      const run = results[k] as { code: number; stdout: string };
      expect(run.code).toBe(0);
      const expected = JSON.parse(readFileSync(path.join(onsetFolder, `output${n}.json`), "utf8"));
      const got = JSON.parse(run.stdout);
      expect(Math.abs(got.f1 - expected["F-measure"])).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(got.precision - expected.Precision)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(got.recall - expected.Recall)).toBeLessThanOrEqual(1e-12);
    });
  });
});

describe.skipIf(!sedEval)("sightline evaluate --mode sed-eval on sed_eval's files", () => {
  it("binary5: matching inside each file named in the lists", async () => {
    const run = await sightline([
      "--reference",
      path.join(sedFolder, "binary5.txt"),
      "--detections",
      path.join(sedFolder, "binary5_detected.txt"),
      "--mode",
      "sed-eval",
      "--format",
      "json",
    ]);
    const got = JSON.parse(run.stdout);
    expect(got.counts).toMatchObject({ reference: 4, detections: 2, tp: 0 });
    expect(got.f1).toBe(0);
    expect(Math.abs(got.error_rate - 1.5)).toBeLessThanOrEqual(1e-12);
  });
});

describe("sightline evaluate", () => {
  it("prints exactly the documented JSON, with indices into the input order", async () => {
    const reference = write("ref.txt", "# onset offset label\n2.0\t3.0\tpedestrian\n1.0\t1.5\tcyclist\n");
    const detections = write("det.txt", "2.1\n1.05\n2.5\n9.0\n");
    const run = await sightline(["--reference", reference, "--detections", detections, "--format", "json"]);
    expect(run.stderr.replace(/npm warn.*\n/g, "")).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    const got = JSON.parse(run.stdout);
    expect(Object.keys(got)).toEqual([
      "counts",
      "precision",
      "recall",
      "f1",
      "error_rate",
      "latency_ms",
      "intervals",
      "matches",
      "early_activations",
    ]);
    // Wilson at 95 % by default (statsmodels: proportion_confint(2, 3, 0.05, "wilson"), and 2 of 2).
    expect(got.intervals.method).toBe("wilson");
    expect(got.intervals.level).toBe(0.95);
    expect(got.intervals.precision[0]).toBeCloseTo(0.2076596008020477, 12);
    expect(got.intervals.precision[1]).toBeCloseTo(0.9385080552796037, 12);
    expect(got.intervals.recall[0]).toBeCloseTo(0.342380227506653, 12);
    expect(got.intervals).toMatchObject({ false_positive_rate: null, accuracy: null });
    const exact = JSON.parse(
      (
        await sightline([
          "--reference",
          reference,
          "--detections",
          detections,
          "--confidence",
          "0.9",
          "--interval",
          "clopper-pearson",
          "--format",
          "json",
        ])
      ).stdout,
    );
    expect(exact.intervals.precision[0]).toBeCloseTo(0.13535036217158378, 12);
    expect(exact.intervals.recall).toEqual([expect.closeTo(0.22360679774997896, 12), 1]);
    expect(got.counts).toEqual({ reference: 2, detections: 4, tp: 2, fp: 1, fn: 0, retriggers: 1, substitutions: 0 });
    expect(got.matches).toEqual([
      { reference: 0, detection: 0, latency_ms: 100, margin_ms: null },
      { reference: 1, detection: 1, latency_ms: 50, margin_ms: null },
    ]);
    expect(got.early_activations).toEqual([]);
    expect(got.precision).toBeCloseTo(2 / 3, 15);
    expect(got.latency_ms).toEqual({ mean: 75, p50: 50, p95: 100, p99: 100, max: 100 });
  });

  it("reads events' own windows (not_before, deadline) from CSV and JSON, with no flag: margins and early activations", async () => {
    // R151-style: the cyclist is visible from 1 s, line D at 4 s, the last point of information at 6 s.
    const csv = write(
      "windows.csv",
      "onset,offset,class,not_before_ms,deadline\n1.0,9.0,cyclist,4000,6.0\n20.0,21.0,cyclist,,\n",
    );
    const det = write("windows-det.json", JSON.stringify([{ onset: 3.5 }, { onset: 5.25 }, { onset: 20.4 }]));
    const got = JSON.parse((await sightline(["--reference", csv, "--detections", det, "--format", "json"])).stdout);
    expect(got.matches).toEqual([
      { reference: 0, detection: 1, latency_ms: 4250, margin_ms: 750 },
      { reference: 1, detection: 2, latency_ms: 400, margin_ms: null },
    ]);
    expect(got.early_activations).toEqual([0]);
    const table = (await sightline(["--reference", csv, "--detections", det])).stdout;
    expect(table).toMatch(/^worst margin \(ms\)\s+750$/m);
    expect(table).toMatch(/^early activations\s+1$/m);
    expect(got.counts).toMatchObject({ tp: 2, fp: 1, fn: 0 });
    const json = write(
      "windows.json",
      JSON.stringify([{ onset: 1, offset: 9, class: "cyclist", not_before_us: 4_000_000, deadline_ms: 5000 }]),
    );
    const late = JSON.parse((await sightline(["--reference", json, "--detections", det, "--format", "json"])).stdout);
    expect(late.counts).toMatchObject({ tp: 0, fn: 1 });
    const reversed = write("reversed.csv", "onset,offset,class,not_before,deadline\n1,9,cyclist,6,4\n");
    const refused = await sightline(["--reference", reversed, "--detections", det, "--format", "json"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/reversed\.csv:2: the deadline 4 s comes before not_before 6 s/);
  });

  it("reads CSV with a header and JSON, and honours the window flags", async () => {
    const csv = write("ref.csv", "file,onset_ms,offset_ms,class\nclip.mp4,1000,2000,pedestrian\n");
    const json = write("det.json", JSON.stringify([{ file: "clip.mp4", onset: 1.3 }]));
    const wide = await sightline(["--reference", csv, "--detections", json, "--format", "json"]);
    expect(JSON.parse(wide.stdout).counts.tp).toBe(1);
    const narrow = await sightline([
      "--reference",
      csv,
      "--detections",
      json,
      "--window-ms",
      "200",
      "--format",
      "json",
    ]);
    expect(JSON.parse(narrow.stdout).counts).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    const nulls = await sightline(["--reference", write("empty.txt", ""), "--detections", json, "--format", "json"]);
    expect(JSON.parse(nulls.stdout)).toMatchObject({ recall: null, error_rate: null, latency_ms: { p95: null } });
  });

  it("prints latencies without floating-point noise (1.05 s − 1.0 s is 50 ms)", async () => {
    const reference = write("noise-ref.txt", "1.0\n2.0\n");
    const detections = write("noise-est.txt", "1.05\n2.03\n");
    const run = await sightline([
      "--reference",
      reference,
      "--detections",
      detections,
      "--mode",
      "onset",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    const got = JSON.parse(run.stdout);
    expect(got.matches.map((m: { latency_ms: number }) => m.latency_ms)).toEqual([50, 30]);
    expect(got.latency_ms.max).toBe(50);
    const table = await sightline(["--reference", reference, "--detections", detections, "--mode", "onset"]);
    expect(table.stdout).toMatch(/latency max \(ms\)\s+50\n/);
  });

  it("names the file and line of a malformed entry, exits non-zero and prints nothing on stdout", async () => {
    const bad = write("bad.txt", "1.0\t2.0\tcar\n1.5\tabc\tcar\n");
    const run = await sightline(["--reference", bad, "--detections", bad, "--format", "json"]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${bad}:2:`);
    const badJson = write("bad.json", '[\n  {"onset": 1},\n  {"onset": "soon"}\n]');
    const json = await sightline(["--reference", badJson, "--detections", bad, "--format", "json"]);
    expect(json.stderr).toContain(`${badJson}:3: onset must be a number`);
    const missing = await sightline(["--reference", path.join(scratch, "nope.txt"), "--detections", bad]);
    expect(missing.stderr).toContain("does not exist");
    const flag = await sightline(["--reference", bad, "--detections", bad, "--window-ms", "soon"]);
    expect(flag.code).not.toBe(0);
    expect(flag.stdout).toBe("");
  });
});
