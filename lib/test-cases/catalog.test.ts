/**
 * The catalog against the regulations' tables, figure by figure, written here as the tables give
 * them (with their paragraph), so an edit of the catalog that changes a figure fails here until
 * the test is changed with it; and what the catalog must say of itself (every parameter sourced,
 * every unreadable figure marked to verify).
 */
import { describe, expect, it } from "vitest";
import { catalogCase, catalogCases, marginSpeedMs } from "./catalog";

const params = (id: string) => catalogCase(id)?.parameters ?? {};

describe("the UN R151 catalog", () => {
  it("holds the seven dynamic cases of Appendix 1 Table 1 (§6.5) as the table gives them", () => {
    // Appendix 1, Table 1: case, v_bicycle, v_vehicle (km/h), d_lateral, d_a, d_b, d_c, d_d (m), impact position, turn radius (m).
    const table: [
      number,
      number,
      number,
      number | null,
      number,
      number,
      number | null,
      number | null,
      number,
      number,
    ][] = [
      [1, 20, 10, 1.25, 44.4, 15.8, 15, 26.1, 6, 5],
      [2, 20, 10, 1.25, 44.4, 22, 15, 32.3, 0, 10],
      [3, 20, 20, 1.25, 44.4, 38.3, null, null, 6, 25],
      [4, 10, 20, null, 22.2, 43.5, 15, 43.2, 0, 25],
      [5, 10, 10, null, 22.2, 19.8, null, null, 0, 5],
      [6, 20, 10, 4.25, 44.4, 14.7, null, 26.1, 6, 10],
      [7, 20, 10, 4.25, 44.4, 17.7, 15, 29.1, 3, 10],
    ];
    for (const [n, vb, vv, dl, da, db, dc, dd, impact, radius] of table) {
      expect(params(`R151-D${n}`)).toMatchObject({
        bicycle_speed_kmh: vb,
        vehicle_speed_kmh: vv,
        lateral_separation_m: dl,
        d_a_m: da,
        d_b_m: db,
        d_c_m: dc,
        d_d_m: dd,
        d_bicycle_m: 65,
        l_corridor_m: 80,
        impact_position_m: impact,
        turn_radius_m: radius,
      });
      // d_a = 8 s · v_bicycle (Annex 3), to the table's 0.1 m.
      expect(Math.round(8 * (vb / 3.6) * 10) / 10).toBe(da);
    }
    // Cells the table's reading left unclear are null and marked to verify, never filled in.
    for (const [id, key] of [
      ["R151-D3", "d_d_m"],
      ["R151-D3", "d_c_m"],
      ["R151-D4", "lateral_separation_m"],
      ["R151-D5", "d_d_m"],
      ["R151-D2", "d_d_m"],
    ] as const) {
      expect(catalogCase(id)?.verify[key], `${id} ${key}`).toBeTruthy();
    }
  });

  it("has the static tests (§6.6) and the false-activation passes (§6.5, §6.7), marked to verify where only a summary gave them", () => {
    expect(params("R151-S1")).toMatchObject({ vehicle_speed_kmh: 0, bicycle_speed_kmh: 5, impact_position_m: 1.15 });
    expect(params("R151-S2")).toMatchObject({
      vehicle_speed_kmh: 0,
      bicycle_speed_kmh: 20,
      lateral_separation_m: 2.75,
    });
    expect(Object.keys(catalogCase("R151-S1")?.verify ?? {})).toContain("impact_position_m");
    expect(
      catalogCases("R151")
        .filter((c) => c.kind === "false-activation")
        .map((c) => c.id),
    ).toEqual(["R151-FA1", "R151-FA2"]);
  });
});

describe("the UN R159 catalog", () => {
  it("holds the six static crossing cases of Appendix 1 Table 1 (§6.5)", () => {
    // Table 1: case, soft target, d_TC (m), crossing direction, speed (km/h), d_LPI.
    const table: [number, string, number | string, string, number, string][] = [
      [1, "child pedestrian", 0.8, "nearside", 3, "d_NSP"],
      [2, "adult pedestrian", "d_FSP", "nearside", 3, "d_NSP"],
      [3, "adult cyclist", 0.8, "offside", 3, "d_OSP"],
      [4, "adult cyclist", "d_FSP", "nearside", 5, "d_NSP"],
      [5, "adult pedestrian", 0.8, "offside", 5, "d_OSP"],
      [6, "child pedestrian", "d_FSP", "offside", 5, "d_OSP"],
    ];
    for (const [n, target, dtc, c, v, dlpi] of table) {
      expect(params(`R159-C${n}`)).toMatchObject({
        target,
        test_case_distance_m: dtc,
        crossing_direction: c,
        target_speed_kmh: v,
        d_lpi_m: dlpi,
        // §2.27 / §2.28: the separation planes 0.5 m outboard; §2.26: the minimum forward plane at 0.8 m.
        separation_plane_m: 0.5,
        min_forward_separation_m: 0.8,
      });
    }
  });

  it("holds the longitudinal cases of Table 2 twice: stopping (§6.6) and moving off (§6.7), at 10 km/h", () => {
    // Table 2: case, p_x, p_y, d_LPI.
    const table: [number, string, number | string, number | string][] = [
      [1, "0.8 + d_clear", "+d_50%", "d_FSP − 0.8 − d_clear"],
      [2, "0.8 + d_clear", 0, "d_FSP − 0.8 − d_clear"],
      [3, "0.8 + d_clear", "−d_50%", "d_FSP − 0.8 − d_clear"],
      [4, "d_FSP − 0.1", "+d_50%", 0.1],
      [5, "d_FSP − 0.1", 0, 0.1],
      [6, "d_FSP − 0.1", "−d_50%", 0.1],
    ];
    for (const kind of ["S", "M"]) {
      for (const [n, px, py, dlpi] of table) {
        expect(params(`R159-${kind}${n}`)).toMatchObject({
          target: "adult cyclist",
          p_x_m: px,
          p_y_m: py,
          d_lpi_m: dlpi,
          // §6.6.2 / §6.7.2: 10 +0/−0.5 km/h; §6.6.3 / §6.7.3: the target likewise, after ≥ 10 s.
          vehicle_speed_kmh: 10,
          target_speed_kmh: 10,
          wait_after_stop_s: 10,
        });
      }
    }
    expect(catalogCase("R159-FR")?.kind).toBe("false-activation");
    expect(catalogCase("R159-FR")?.paragraph).toBe("5.2.4");
  });
});

describe("the catalog as a whole", () => {
  it("cites a paragraph for every parameter, and converts margins with a speed of the case", () => {
    const all = catalogCases();
    expect(all).toHaveLength(30);
    for (const c of all) {
      for (const key of Object.keys(c.parameters)) expect(c.sources[key], `${c.id}.${key}`).toBeTruthy();
      if (c.kind === "detection" && c.margin_speed) expect(marginSpeedMs(c) ?? 0).toBeGreaterThan(0);
    }
    expect(marginSpeedMs(catalogCase("R151-D1") as never)).toBeCloseTo(10 / 3.6, 12);
  });
});
