/**
 * The display-latency calibration against numpy and scipy (scripts/reference/stats_reference.py):
 * 12 calibrations of 12 to 600 flashes with missed flashes, bounces and stray edges — pairing
 * counts exactly, mean, SD, p95, the mean's t interval and the drift to 1e-6 ms (ppm).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CalibrationRefused, displayLatency } from "./display-latency";
import { flashSchedule } from "./flash-schedule";

type Case = {
  flashes_us: number[];
  edges_us: number[];
  expected: {
    paired: number;
    missed: number;
    extra: number;
    mean_ms: number;
    sd_ms: number;
    p95_ms: number;
    ci_ms: [number, number];
    drift_ppm: number;
  };
};
const reference: { calibrations: Case[] } = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../stats/testing/reference-values.json"), "utf8"),
);

describe("display latency", () => {
  it("agrees with numpy and scipy on 12 calibrations", () => {
    expect(reference.calibrations.length).toBe(12);
    for (const [i, c] of reference.calibrations.entries()) {
      const got = displayLatency(c.flashes_us, c.edges_us);
      const e = c.expected;
      expect([got.paired, got.missed, got.extra], `case ${i}`).toEqual([e.paired, e.missed, e.extra]);
      for (const [name, a, b] of [
        ["mean", got.meanMs, e.mean_ms],
        ["sd", got.sdMs, e.sd_ms],
        ["p95", got.p95Ms, e.p95_ms],
        ["ci lo", got.ciMs[0], e.ci_ms[0]],
        ["ci hi", got.ciMs[1], e.ci_ms[1]],
        ["drift", got.driftPpm as number, e.drift_ppm],
      ] as const) {
        expect(Math.abs(a - b), `case ${i} ${name}: ${a} vs ${b}`).toBeLessThan(1e-6);
      }
    }
  });

  it("refuses a calibration that saw too few flashes, saying what to check", () => {
    const flashes = flashSchedule({ flashes: 40, fps: 30 }).flashes.map((f) => f.timeMs * 1000);
    const edges = flashes.slice(0, 15).map((f) => f + 30_000);
    expect(() => displayLatency(flashes, edges)).toThrow(CalibrationRefused);
    expect(() => displayLatency(flashes, edges)).toThrow(/only 15 of 40 flashes were seen/);
    expect(() => displayLatency(flashes, [])).toThrow(/only 0 of 40/);
  });

  it("keeps every flash at least 600 ms from the next at any frame rate, so windows never overlap", () => {
    for (let fps = 10; fps <= 120; fps++) {
      const s = flashSchedule({ flashes: 200, fps, seed: fps });
      for (let i = 1; i < s.flashes.length; i++) {
        const gapMs = (s.flashes[i] as { timeMs: number }).timeMs - (s.flashes[i - 1] as { timeMs: number }).timeMs;
        expect(gapMs).toBeGreaterThanOrEqual(600 - 1e-9);
      }
    }
  });
});
