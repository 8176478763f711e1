/**
 * The dashboard's queries on seeded runs (db/testing/seed-runs.ts, whose verdicts and p95s follow
 * from each run's number): latest verdicts, trends newest first, pass rates, filters, paging, the
 * daily trend, rig utilisation, active runs and the CSV export. On a database of its own, so the
 * counts are exactly the seeded ones.
 */
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { seedRuns } from "@/db/testing/seed-runs";
import { callerAs } from "@/server/testing/factories";
import { testDatabaseUrl } from "@/server/testing/test-database";
import { forgetDashboardAnswers } from "./cache";
import { projectsCsv } from "./projects-csv";

const PROJECTS = 30;
const RUNS = 300; // run r belongs to project r % 30: ten runs each, r = k, k + 30, …, k + 270
beforeAll(async () => {
  const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
  await seedRuns(sql, {
    prefix: "Dash",
    projects: PROJECTS,
    runs: RUNS,
    activeEvery: 100,
    rigs: 3,
    spacingMinutes: 10,
  });
  await sql.end();
  forgetDashboardAnswers();
});

/** Seeded run numbers of project k that finished (every 100th run, r % 100 = 99, is active). */
const finishedRuns = (k: number) =>
  Array.from({ length: RUNS / PROJECTS }, (_, i) => k + i * PROJECTS).filter((r) => r % 100 !== 99);
const verdictOf = (r: number) => (r % 5 === 0 ? "fail" : "pass");

describe("dashboard", () => {
  it("gives each project its latest verdict and its last runs, newest first", async () => {
    const { caller } = await callerAs("viewer");
    const page = await caller.dashboard.projects({ page: 1, pageSize: 10, runs: 5 });
    expect(page.total).toBe(PROJECTS);
    expect(page.projects.map((p) => p.name)).toEqual(
      Array.from({ length: 10 }, (_, k) => `Dash ${String(k).padStart(5, "0")}`),
    );
    for (const [k, project] of page.projects.entries()) {
      const expected = finishedRuns(k).slice(0, 5);
      expect(project.runs.map((r) => r.verdict)).toEqual(expected.map(verdictOf));
      expect(project.runs.map((r) => r.p95Ms)).toEqual(expected.map((r) => 50 + (r % 50)));
      const judged = expected.map(verdictOf);
      expect(project.passRate).toBeCloseTo(judged.filter((v) => v === "pass").length / judged.length, 12);
    }
    const second = await caller.dashboard.projects({ page: 3, pageSize: 10 });
    expect(second.projects.map((p) => p.name)[0]).toBe("Dash 00020");
  });

  it("counts latest verdicts, active runs and rigs, with filters", async () => {
    const { caller } = await callerAs("viewer");
    const all = await caller.dashboard.overview({});
    const latest = Array.from({ length: PROJECTS }, (_, k) => verdictOf(finishedRuns(k)[0] as number));
    expect(all).toMatchObject({
      projects: PROJECTS,
      passing: latest.filter((v) => v === "pass").length,
      failing: latest.filter((v) => v === "fail").length,
      activeRuns: 3,
      rigs: { total: 3, online: 2 },
    });
    // Camera view of project k is views[k % 4]; model is models[k % 8].
    const left = await caller.dashboard.overview({ cameraView: "left" });
    expect(left.projects).toBe(Array.from({ length: PROJECTS }, (_, k) => k).filter((k) => k % 4 === 2).length);
    const model = await caller.dashboard.projects({ cameraModel: "BSIS-300" });
    expect(model.projects.every((p) => p.cameraModel === "BSIS-300")).toBe(true);
    expect(model.total).toBe(Array.from({ length: PROJECTS }, (_, k) => k).filter((k) => k % 8 === 1).length);
    expect(await caller.dashboard.filterOptions()).toMatchObject({ views: ["front", "left", "rear", "right"] });
    expect((await caller.dashboard.filterOptions()).models).toContain("BSIS-300");
    const active = await caller.dashboard.activeRuns({});
    expect(active.total).toBe(3);
    expect(active.runs.every((r) => r.state === "paused")).toBe(true);
  });

  it("aggregates pass rate and p95 per day, and rig utilisation", async () => {
    const { caller } = await callerAs("viewer");
    const trend = await caller.dashboard.trend({ days: 30 });
    const finished = Array.from({ length: RUNS }, (_, r) => r).filter((r) => r % 100 !== 99);
    expect(trend.points.reduce((n, p) => n + p.runs, 0)).toBe(finished.length);
    // Run r fails when r % 5 = 0: 80 % pass in all. A day with few runs can be any share (just
    // after midnight UTC the day holds run 0 alone, which fails), so days are checked from 10 runs.
    const passed = trend.points.reduce((n, p) => n + (p.passRate ?? 0) * p.runs, 0);
    expect(passed).toBeCloseTo(finished.filter((r) => r % 5 !== 0).length, 6);
    for (const point of trend.points.filter((p) => p.runs >= 10)) expect(point.passRate).toBeGreaterThan(0.7);
    const rigs = await caller.dashboard.rigs({ hours: 24 });
    expect(rigs.rigs).toHaveLength(3);
    // Runs finished within the last day (r·10 min < 24 h) each had a 3-minute session.
    const sessions = finished.filter((r) => r * 10 < 24 * 60).length;
    expect(rigs.rigs.reduce((n, r) => n + r.sessions, 0)).toBe(sessions);
    const busy = rigs.rigs.reduce((s, r) => s + r.utilisation * 24 * 3600, 0);
    expect(busy).toBeGreaterThan((sessions - 1) * 180);
    expect(busy).toBeLessThanOrEqual(sessions * 180 + 1);

    // A rig that played nothing in the window is idle, not busy all day.
    await callerAs("admin").then(({ caller: admin }) => admin.rigs.create({ name: `Idle rig ${Date.now()}` }));
    forgetDashboardAnswers();
    const withIdle = await caller.dashboard.rigs({ hours: 24 });
    const idle = withIdle.rigs.find((r) => r.name.startsWith("Idle rig"));
    expect(idle).toMatchObject({ sessions: 0, utilisation: 0 });
  });

  it("exports the filtered projects as CSV and refuses bad filters and anonymous callers", async () => {
    let csv = "";
    for await (const line of projectsCsv({ cameraView: "front" }, "http://sightline.test")) csv += line;
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe(
      "project,camera_model,camera_view,latest_verdict,latest_is_dry_run,latest_decision_rule,latest_recall_lower_bound,latest_run_finished_at,latest_p95_ms,pass_rate_last_runs,runs_counted,project_url,latest_results_url",
    );
    expect(lines).toHaveLength(1 + Array.from({ length: PROJECTS }, (_, k) => k).filter((k) => k % 4 === 0).length);
    expect(lines[1]).toMatch(/^Dash 00000,BSIS-200,front,fail,false,,,/);
    expect(lines[1]).toMatch(/http:\/\/sightline\.test\/workflows\/[0-9a-f-]{36}\/results$/);
    const { caller } = await callerAs("viewer");
    await expect(caller.dashboard.projects({ page: 0 })).rejects.toThrow(/page/);
    const { caller: anonymous } = await callerAs(null);
    await expect(anonymous.dashboard.overview({})).rejects.toThrow(/Sign in/);
  });
});
