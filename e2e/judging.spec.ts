/**
 * How a project's runs are judged, in the browser: the evidence plan under the criteria says the
 * assigned videos cannot show recall ≥ 95 % (59 events needed with no miss), the Judging section
 * changes the decision rule, and a run judged under `bound` reads INCONCLUSIVE with the rule
 * stated, where `point` passes.
 */
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedVideo } from "./fixtures/database";
import { signInAsAdmin } from "./fixtures/session";
import { completedDryRun, trpcMutation } from "./fixtures/trpc";

test("the evidence plan, the decision rule, and an inconclusive verdict that says what would settle it", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, baseURL as string);
  const video = await seedVideo("front");
  const project = await trpcMutation<{ id: string; name: string }>(page, "projects.create", {
    name: `Judged camera ${Date.now()}`,
    cameraView: "front",
    signalType: "gpio",
    // Recall and latency only, so the verdict turns on what the rule makes of them.
    passFailCriteria: {
      minPrecision: { enabled: false, value: 0.9 },
      minRecall: { enabled: true, value: 0.95 },
      minF1Score: { enabled: false, value: 0.9 },
      maxLatencyMs: { enabled: true, value: 150, statistic: "mean" },
      maxFalsePositiveRate: { enabled: false, value: 0.05 },
      minDetectionConfidence: { enabled: false, value: 0.5 },
      minAccuracy: { enabled: false, value: 0.9 },
      minDetectionCount: { enabled: true, value: 1 },
    },
  });
  await trpcMutation(page, "assignments.add", { projectId: project.id, videoIds: [video.id] });

  await page.goto(`/projects/${project.id}`);
  const plan = page.getByRole("region", { name: "Evidence plan" });
  await expect(plan).toContainText(
    "To show recall ≥ 95 % with 95 % confidence, a class needs 59 events with no miss, 93 events with 1 miss, 124 events with 2 misses.",
  );
  await expect(plan).toContainText("Your 1 video holds 1 cyclist event, 1 pedestrian event.");
  await expect(plan).toContainText(
    "For cyclist and pedestrian, recall ≥ 95 % with 95 % confidence cannot be shown: 59 events are needed",
  );

  // New projects judge by the bound: a run that finds both events is inconclusive.
  const run = await completedDryRun(page, project.id);
  await trpcMutation(page, "results.importDetections", {
    workflowId: run.id,
    videoId: video.id,
    fileName: "rig-recording.csv",
    content: "time\n1.08\n4.1\n",
  });
  await page.goto(`/workflows/${run.id}/results`);
  const verdict = page.getByRole("region", { name: "Verdict" });
  await expect(verdict).toContainText("INCONCLUSIVE");
  await expect(verdict).toContainText("inconclusive: minimum recall");
  await expect(verdict).toContainText("Decision rule: bound");
  await expect(verdict).toContainText("Scope: the run passes only if every video passes too.");
  const recall = page.getByRole("row", { name: "Criterion Minimum recall" });
  await expect(recall).toContainText("inconclusive");
  // One-sided 95 % Wilson bound of 2 of 2: 2 / (2 + 1.645²) = 42.5 %.
  await expect(recall).toContainText("42.5 %");
  await expect(recall).toContainText("more events with no further miss would settle it");
  expect(await seriousViolations(page)).toEqual([]);

  // The Judging section: the point rule, saved and kept.
  await page.goto(`/projects/${project.id}`);
  const judging = page.getByRole("form", { name: "Judging" });
  await judging.getByLabel("Decision rule").selectOption("point");
  await judging.getByRole("button", { name: "Save judging" }).click();
  await expect(judging.getByText("Judging saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Judging" }).getByLabel("Decision rule")).toHaveValue("point");
  await expect(page.getByRole("region", { name: "Evidence plan" })).toContainText("decision rule: point");
  expect(await seriousViolations(page)).toEqual([]);
});
