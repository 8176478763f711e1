/** `sightline cases` as a user runs it: the catalog as JSON, one regulation, and R151's timing. */
import { describe, expect, it } from "vitest";
import { runSightline } from "../testing/run-sightline";

describe("sightline cases", () => {
  it("lists the catalog as the documented JSON, all or one regulation", async () => {
    const all = await runSightline(["cases", "list", "--format", "json"]);
    expect(all.code).toBe(0);
    const cases = JSON.parse(all.stdout) as {
      id: string;
      regulation: string;
      paragraph: string;
      title: string;
      parameters: Record<string, unknown>;
    }[];
    expect(cases.length).toBe(30);
    for (const c of cases) expect(Object.keys(c).slice(0, 4)).toEqual(["id", "regulation", "paragraph", "title"]);
    for (const c of cases) expect(c.parameters).toBeTypeOf("object");
    const r159 = JSON.parse((await runSightline(["cases", "list", "--regulation", "R159", "--format", "json"])).stdout);
    expect(r159.every((c: { regulation: string }) => c.regulation === "R159")).toBe(true);
    expect(r159.find((c: { id: string }) => c.id === "R159-C1").parameters).toMatchObject({
      target: "child pedestrian",
      target_speed_kmh: 3,
    });
    const wrong = await runSightline(["cases", "list", "--regulation", "R999"]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/--regulation must be one of R151, R159/);
  });

  it("gives line D and the last point of information of a case, and its window on a video", async () => {
    const run = await runSightline([
      "cases",
      "timing",
      "--case",
      "R151-D1",
      "--collision-time-s",
      "20",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    const t = JSON.parse(run.stdout);
    expect(t.d_c_m).toBe(15);
    expect(t.lpi_s).toBeCloseTo(-5.4, 12);
    expect(t.not_before_s).toBeCloseTo(10.6, 12);
    expect(t.deadline_s).toBeCloseTo(14.6, 12);
    const standing = await runSightline(["cases", "timing", "--case", "R151-S1"]);
    expect(standing.code).toBe(1);
    expect(standing.stderr).toMatch(/vehicle speed must be above 0/);
  });
});
