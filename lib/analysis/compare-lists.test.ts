/** Lists compared file by file; a list naming no file belongs to the other list's only file. */
import { describe, expect, it } from "vitest";
import { compareLists, compareOptionsSchema } from "./compare-lists";
import { parseEventList } from "./formats";

const options = (mode: "sightline" | "sed-eval") => compareOptionsSchema.parse({ mode });

describe("compareLists", () => {
  it("matches a list without file names against a reference of one file", () => {
    const reference = parseEventList("clip.wav\t1.0\t2.0\tcar\nclip.wav\t5.0\t6.0\tcar\n", "ref.txt");
    const detections = parseEventList("1.1\t2.0\tcar\n", "det.txt");
    expect(compareLists(reference, detections, options("sightline")).counts).toMatchObject({ tp: 1, fn: 1, fp: 0 });
    expect(compareLists(reference, detections, options("sed-eval")).counts).toMatchObject({ tp: 1, fn: 1, fp: 0 });
  });

  it("keeps matching inside each file when both lists name several", () => {
    const reference = parseEventList("a.wav\t1.0\t2.0\tcar\nb.wav\t1.0\t2.0\tcar\n", "ref.txt");
    const detections = parseEventList("b.wav\t1.05\t2.0\tcar\nb.wav\t1.1\t2.0\tcar\n", "det.txt");
    expect(compareLists(reference, detections, options("sightline")).counts).toMatchObject({
      tp: 1,
      fn: 1,
      fp: 0,
      retriggers: 1,
    });
  });
});
