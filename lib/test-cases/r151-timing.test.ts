/**
 * R151's formulas (Annex 3) on worked examples: Appendix 1 Table 2 (d_c for 25–30 km/h) and the
 * dynamic cases of Table 1 whose line D the table states, then a window placed on a video.
 */
import { describe, expect, it } from "vitest";
import { lpiDistanceM, R151InputError, r151Timing } from "./r151-timing";

describe("R151's last point of information and line D", () => {
  it("gives d_c as Appendix 1 Table 2 lists it, and 15 m below 25 km/h", () => {
    const table2: [number, number][] = [
      [25, 15],
      [26, 15.33],
      [27, 16.13],
      [28, 16.94],
      [29, 17.77],
      [30, 18.61],
    ];
    for (const [kmh, dc] of table2) expect(Math.round(lpiDistanceM(kmh) * 100) / 100).toBe(dc);
    expect(lpiDistanceM(10)).toBe(15);
    expect(lpiDistanceM(20)).toBe(15);
  });

  it("gives line D as Table 1 states it (cases 1, 4, 6, 7), and the times before the collision", () => {
    const cases: [number, number, number, number][] = [
      // [vehicle km/h, bicycle km/h, impact position m, d_d m as in Table 1]
      [10, 20, 6, 26.1],
      [20, 10, 0, 43.2],
      [10, 20, 6, 26.1],
      [10, 20, 3, 29.1],
    ];
    for (const [vv, vb, impact, dd] of cases) {
      const t = r151Timing({ vehicleSpeedKmh: vv, bicycleSpeedKmh: vb, impactPositionM: impact });
      expect(Math.round(t.dDM * 10) / 10).toBe(dd);
    }
    // Case 1 by hand: v = 10 km/h = 2.777… m/s; line C 15 m before → 5.4 s; line D 26.11 m → 9.4 s.
    const case1 = r151Timing({ vehicleSpeedKmh: 10, bicycleSpeedKmh: 20, impactPositionM: 6, collisionTimeS: 20 });
    expect(case1.dAM).toBeCloseTo(44.444, 3);
    expect(case1.lpiS).toBeCloseTo(-5.4, 12);
    expect(case1.lineDS).toBeCloseTo(-9.4, 12);
    expect(case1.window?.notBeforeS).toBeCloseTo(10.6, 12);
    expect(case1.window?.deadlineS).toBeCloseTo(14.6, 12);
    // Case 4: 20 km/h; line C 2.7 s before, line D 43.22 m = 7.78 s before.
    const case4 = r151Timing({ vehicleSpeedKmh: 20, bicycleSpeedKmh: 10, impactPositionM: 0 });
    expect(case4.lpiS).toBeCloseTo(-2.7, 12);
    expect(case4.lineDS).toBeCloseTo(-7.78, 12);
  });

  it("refuses a standing vehicle and impossible inputs with a message", () => {
    expect(() => r151Timing({ vehicleSpeedKmh: 0, bicycleSpeedKmh: 5, impactPositionM: 1 })).toThrow(R151InputError);
    expect(() => r151Timing({ vehicleSpeedKmh: 10, bicycleSpeedKmh: 20, impactPositionM: -1 })).toThrow(
      /impact position/,
    );
    expect(() =>
      r151Timing({ vehicleSpeedKmh: 10, bicycleSpeedKmh: 20, impactPositionM: 1, collisionTimeS: Number.NaN }),
    ).toThrow(/collision time/);
  });
});
