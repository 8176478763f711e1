/**
 * gpiomon output of both libgpiod versions, read from the recordings in the reference folder
 * (no GPIO chip exists here): every file gives the same anchor and detection times, the garbled
 * line is reported and skipped, falling edges close detections, and both lines are told apart.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasReference, referenceDir } from "@/lib/analysis/testing/reference";
import { EdgeFilter, isLine, parseGpiomonLine, videoTimeUs } from "./gpiomon-parse";

const folder = path.join(referenceDir, "gpiomon");
const present = hasReference("gpiomon");

/** Sync line and detection line as each recording names them. */
const lines: Record<string, { sync: string; detect: string }> = {
  "v1_default.txt": { sync: "18", detect: "17" },
  "v1_format_o_e_s_n.txt": { sync: "18", detect: "17" },
  "v2_default.txt": { sync: "SYNC", detect: "CAM_DETECT" },
  "v2_default_unnamed.txt": { sync: "18", detect: "17" },
};

describe.skipIf(!present)("gpiomon recordings", () => {
  const files = present ? readdirSync(folder).filter((f) => f.endsWith(".txt")) : [];
  it("covers both versions", () => {
    expect(files.sort()).toEqual(Object.keys(lines).sort());
  });

  it.each(Object.keys(lines))("%s gives the anchor and the detection times", (file) => {
    const { sync, detect } = lines[file] as { sync: string; detect: string };
    const text = readFileSync(path.join(folder, file), "utf8");
    const errors: string[] = [];
    const filter = new EdgeFilter();
    let anchor: bigint | null = null;
    const onsets: number[] = [];
    const offsets: number[] = [];
    let lastOnsetNs = 0n;
    for (const raw of text.split("\n")) {
      if (raw === "") continue;
      const parsed = parseGpiomonLine(raw);
      if (!parsed.ok) {
        errors.push(parsed.error);
        continue;
      }
      const event = filter.accept(parsed.event);
      if (!event) continue;
      if (isLine(event, sync)) {
        if (anchor === null && event.edge === "rising") anchor = event.timestampNs;
      } else if (isLine(event, detect) && anchor !== null) {
        if (event.edge === "rising") lastOnsetNs = event.timestampNs - anchor;
        (event.edge === "rising" ? onsets : offsets).push(videoTimeUs(event.timestampNs, anchor));
      }
    }
    expect(anchor).toBe(5_123_250_000_000n);
    expect(onsets).toEqual([1234567, 3500000, 3620000, 3755000, 7900000]);
    expect(offsets).toEqual([1384567, 3560000, 3700000, 3905000, 8050000]);
    expect(lastOnsetNs).toBe(7_900_000_123n);
    expect(errors).toHaveLength(file === "v1_default.txt" ? 1 : 0);
    if (errors.length) expect(errors[0]).toMatch(/^unreadable gpiomon line: "event: {2}RISING EDGE offset: 17 timest"/);
  });
});

describe("gpiomon lines", () => {
  it("reads v2's -F '%o %e %S' format, where 2 is a falling edge", () => {
    expect(parseGpiomonLine("17 2 12.000000500")).toEqual({
      ok: true,
      event: { line: "17", offset: 17, name: null, edge: "falling", timestampNs: 12_000_000_500n },
    });
  });

  it("inverts active-low lines and drops bounces and repeated states", () => {
    const filter = new EdgeFilter({ activeLow: true, debounceNs: 2_000_000n });
    const at = (edge: "rising" | "falling", ms: number) =>
      filter.accept({ line: "17", offset: 17, name: null, edge, timestampNs: BigInt(ms) * 1_000_000n });
    expect(at("falling", 100)?.edge).toBe("rising");
    expect(at("rising", 101)).toBeNull(); // a 1 ms bounce
    expect(at("falling", 102)).toBeNull(); // same state again
    expect(at("rising", 150)?.edge).toBe("falling");
  });
});
