/** A video's time base from its frame timestamps: what is plain, and each kind of finding. */
import { describe, expect, it } from "vitest";
import { frameClock } from "./frame-time";
import { timeBaseOf } from "./time-base";

const cfr = (frames: number, fps: number, startUs = 0) =>
  Array.from({ length: frames }, (_, i) => startUs + Math.round((i * 1e6) / fps));

describe("timeBaseOf", () => {
  it("finds nothing amiss in a constant 29.97 fps video, its µs rounding included", () => {
    const base = timeBaseOf(cfr(300, 30000 / 1001), { fps: 30000 / 1001, durationMs: 10_010 });
    expect(base).toMatchObject({ frames: 300, startUs: 0, variableFrameRate: false, expectedFrames: 300, issues: [] });
  });

  it("names a variable frame rate, a late first frame, and frames that disagree with duration × fps", () => {
    const frames = [...cfr(30, 30, 250_000), ...cfr(10, 10, 1_250_000)];
    const base = timeBaseOf([...frames].reverse(), { fps: 30, durationMs: 3000 });
    expect(base.variableFrameRate).toBe(true);
    expect(base.startUs).toBe(250_000);
    expect(base.issues).toEqual([
      expect.stringMatching(
        /^variable frame rate: frames last 33\.3 ms to 100\.0 ms \(9 of 39 differ from the usual 33\.3 ms\)/,
      ),
      expect.stringMatching(/^the first frame is presented at 0\.250 s, not 0/),
      "40 frames, where duration × frame rate (3 s × 30 fps) gives 90: frame numbers and times disagree",
    ]);
  });

  it("maps frames through their own times, from the first frame, and past the last at the nominal rate", () => {
    const clock = frameClock(10, [500_000, 600_000, 800_000, 900_000]);
    expect([0, 1, 2, 3, 4, 6].map((f) => clock.timeUs(f))).toEqual([0, 100_000, 300_000, 400_000, 500_000, 700_000]);
    expect(frameClock(25).timeUs(50)).toBe(2_000_000);
  });
});
