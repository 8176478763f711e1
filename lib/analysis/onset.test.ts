/**
 * mir_eval's onset test suite, read in place from the reference data: every refNN/estNN pair must
 * give mir_eval's F-measure, precision and recall to 1e-12.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { onsetFMeasure } from "./onset";
import { hasReference, referenceDir } from "./testing/reference";

const folder = path.join(referenceDir, "mir_eval_onset");
const present = hasReference("mir_eval_onset");

/** One time per line, in seconds; a line starting with `#` is a comment (as mir_eval reads it). */
function readTimes(file: string): number[] {
  return readFileSync(path.join(folder, file), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map(Number);
}

const cases = present
  ? readdirSync(folder)
      .filter((f) => /^output\d+\.json$/.test(f))
      .map((f) => f.replace(/^output(\d+)\.json$/, "$1"))
      .sort()
  : [];

describe.skipIf(!present)("mir_eval onset reference cases", () => {
  it("finds all of them", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
  it.each(cases)("case %s", (n) => {
    const expected = JSON.parse(readFileSync(path.join(folder, `output${n}.json`), "utf8"));
    const result = onsetFMeasure(readTimes(`ref${n}.txt`), readTimes(`est${n}.txt`));
    expect(Math.abs(result.f1 - expected["F-measure"])).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(result.precision - expected.Precision)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(result.recall - expected.Recall)).toBeLessThanOrEqual(1e-12);
  });
});

describe("onset mode", () => {
  it("follows mir_eval on empty lists (0, not n/a) and at the window's edge", () => {
    expect(onsetFMeasure([], [1])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(onsetFMeasure([1], [])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    // 1.05 − 0.05 rounds to exactly 1.0, so mir_eval counts this pair as a hit.
    expect(onsetFMeasure([1.0], [1.05]).f1).toBe(1);
    expect(onsetFMeasure([1.0], [1.0500001]).f1).toBe(0);
  });
  it("matches one to one, with maximum cardinality", () => {
    // A greedy nearest match would pair 1.04 with 1.0 and leave 1.08 alone.
    const result = onsetFMeasure([1.0, 1.08], [1.04, 0.97]);
    expect(result.matches).toHaveLength(2);
    expect(result.f1).toBe(1);
  });
});
