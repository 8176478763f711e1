/**
 * Firmware A against firmware B in the browser: two runs of one project, picked in its run list
 * and compared; the gate's answer, the paired table, and a changed event opened on both runs'
 * timelines, one above the other at its frame. The run page and results of B point back to A.
 * (Named to run after the first-admin journey, which needs a database without an admin.)
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedVideo } from "./fixtures/database";
import { signInAsAdmin } from "./fixtures/session";
import { completedDryRun, trpcMutation } from "./fixtures/trpc";

test("compare two runs, open a changed event on both timelines", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, baseURL as string);
  const video = await seedVideo("front");
  const project = await trpcMutation<{ id: string }>(page, "projects.create", {
    name: `Compared camera ${Date.now()}`,
    cameraView: "front",
    signalType: "gpio",
  });
  await trpcMutation(page, "assignments.add", { projectId: project.id, videoIds: [video.id] });
  // A finds both events (pedestrian at 1 s, cyclist at 4 s); B finds only the pedestrian.
  const a = await completedDryRun(page, project.id, { firmwareVersion: "2.3.1", softwareId: "RXSWIN-A1" });
  await trpcMutation(page, "results.importDetections", {
    workflowId: a.id,
    videoId: video.id,
    fileName: "firmware-2.3.1.csv",
    content: "time\n1.08\n4.1\n",
  });
  const b = await completedDryRun(page, project.id, { firmwareVersion: "2.4.0", softwareNotes: "new night model" });
  await trpcMutation(page, "results.importDetections", {
    workflowId: b.id,
    videoId: video.id,
    fileName: "firmware-2.4.0.csv",
    content: "time\n1.1\n",
  });

  await page.goto(`/projects/${project.id}`);
  const compare = page.getByRole("button", { name: "Compare selected runs" });
  await expect(compare).toBeDisabled();
  await page.getByRole("checkbox", { name: "Compare Firmware 2.4.0" }).check();
  await page.getByRole("checkbox", { name: "Compare Firmware 2.3.1" }).check();
  await expect(page.getByText("The earlier run is A (the baseline), the later one B.")).toBeVisible();
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`/workflows/compare\\?a=${a.id}&b=${b.id}`));

  await expect(page.getByRole("heading", { name: "Compare runs" })).toBeVisible();
  await expect(page.getByText("RXSWIN-A1")).toBeVisible();
  const gate = page.getByRole("region", { name: "Regression gate" });
  await expect(gate).toContainText("Inconclusive against firmware 2.3.1");
  await expect(gate).toContainText("recall B − A is between");
  await expect(page.locator('[data-paired="a_only"]')).toHaveText("1 lost by B");
  await expect(page.locator('[data-paired="both"]')).toHaveText("1 both");
  await expect(page.getByRole("row", { name: /^Recall/ })).toContainText("Newcombe, paired");
  await expect(page.getByRole("row", { name: /^Latency p95/ })).toContainText("seed 1");

  const changed = page.getByRole("row", { name: /Event .* 4\.000 s/ });
  await expect(changed).toContainText("cyclist found by A, missed by B");
  await expect(changed).toContainText("frame 120");
  await changed.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/focus=event/);
  await expect(page.getByRole("heading", { name: "Both runs at frame 120" })).toBeVisible();
  const timelines = page.locator("[data-timeline]");
  await expect(timelines).toHaveCount(2);
  const chartName = `Timeline of ${video.fileName}`;
  await expect(
    page.locator('[data-timeline="Run A"]').getByRole("img", { name: chartName, exact: true }),
  ).toBeVisible();
  await expect(
    page.locator('[data-timeline="Run B"]').getByRole("img", { name: chartName, exact: true }),
  ).toBeVisible();
  // A above B.
  const boxA = await page.locator('[data-timeline="Run A"]').boundingBox();
  const boxB = await page.locator('[data-timeline="Run B"]').boundingBox();
  expect((boxA?.y ?? 0) < (boxB?.y ?? 0)).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);

  // B's pages name A as the run before and link to this comparison.
  await page.goto(`/workflows/${b.id}`);
  await expect(page.getByRole("region", { name: "Regression gate" })).toContainText("against firmware 2.3.1");
  await expect(page.getByText("new night model")).toBeVisible();
  await page.goto(`/workflows/${b.id}/results`);
  await page.getByRole("link", { name: "Compare with the previous run (firmware 2.3.1) →" }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/compare\\?a=${a.id}&b=${b.id}`));
  await expect(page.getByRole("region", { name: "Regression gate" })).toBeVisible();
});

test("download a run's signed evidence, see the key that verifies it, and the project's history", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, baseURL as string);
  const video = await seedVideo("front");
  const project = await trpcMutation<{ id: string; name: string }>(page, "projects.create", {
    name: `Audited camera ${Date.now()}`,
    cameraView: "front",
    signalType: "gpio",
  });
  await trpcMutation(page, "assignments.add", { projectId: project.id, videoIds: [video.id] });
  const run = await completedDryRun(page, project.id, { firmwareVersion: "5.0.0" });
  await trpcMutation(page, "results.importDetections", {
    workflowId: run.id,
    videoId: video.id,
    fileName: "rig.csv",
    content: "time\n1.08\n4.1\n",
  });

  await page.goto(`/workflows/${run.id}/results`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download evidence" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`sightline-evidence-${run.id.slice(0, 8)}.tar`);
  const bytes = readFileSync((await file.path()) as string);
  expect(bytes.subarray(257, 262).toString()).toBe("ustar");
  expect(bytes.toString("latin1")).toContain("report.pdf");

  await page.goto("/settings");
  const key = page.getByRole("region", { name: "Evidence signing key" });
  await expect(key).toContainText("BEGIN PUBLIC KEY");
  await expect(key).toContainText(/SHA256:([0-9a-f]{2}:){31}[0-9a-f]{2}/);

  await page.goto(`/projects/${project.id}`);
  const history = page.getByRole("region", { name: "History" });
  await expect(history.locator('[data-history="created"]')).toBeVisible();
  await expect(history.locator('[data-history="assigned to the project"]')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
