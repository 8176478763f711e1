/** `sightline plan` as a user runs it: the events a run needs to show a minimum recall. */
import { describe, expect, it } from "vitest";
import { runSightline } from "../testing/run-sightline";

describe("sightline plan", () => {
  it("prints the documented JSON: 59, 93 and 124 events for recall ≥ 0.95 at 95 % with 0, 1, 2 misses", async () => {
    const run = await runSightline([
      "plan",
      "--min-recall",
      "0.95",
      "--confidence",
      "0.95",
      "--max-misses",
      "2",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      min_recall: 0.95,
      confidence: 0.95,
      plans: [
        { misses: 0, events: 59 },
        { misses: 1, events: 93 },
        { misses: 2, events: 124 },
      ],
    });
    const table = await runSightline(["plan", "--min-recall", "0.9", "--max-misses", "1"]);
    expect(table.stdout).toMatch(/^\s+0\s+29$/m);
  });

  it("refuses a recall outside (0, 1) with one clear line and a non-zero exit", async () => {
    const run = await runSightline(["plan", "--min-recall", "1", "--format", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/--min-recall must be between 0 and 1/);
  });
});
