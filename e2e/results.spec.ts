/**
 * Results of a run: a finished run gets a recorded detection file imported for its video (a bad
 * file is refused with its line named), is analysed again, and its results page shows the
 * verdict, the criteria table, the latency histogram and a timeline plot; the results export.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedVideo } from "./fixtures/database";
import { sameOrigin } from "./fixtures/origin";
import { ADMIN, signInByApi } from "./fixtures/session";

test("import detections into a finished run, analyse it, read the verdict and export it", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const setup = await page.request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect([201, 409]).toContain(setup.status());
  await signInByApi(page, baseURL as string);
  const video = await seedVideo("rear");

  await page.goto("/projects/new");
  await page.getByLabel("Name").fill(`Results camera ${Date.now()}`);
  await page.getByLabel("Camera view").selectOption("rear");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: /Results camera/ })).toBeVisible();
  // The run covers this one video (the library holds other specs' rear-view clips).
  const projectId = /\/projects\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  const assigned = await page.request.post(`/api/v1/workflow/projects/${projectId}/assign-videos`, {
    data: { video_ids: [video.id] },
    headers: { origin: baseURL as string },
  });
  expect(assigned.status()).toBe(200);
  await page
    .getByRole("form", { name: "Start a validation run" })
    .getByRole("button", { name: "Start validation run" })
    .click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("completed", { timeout: 30_000 });

  await page.getByRole("link", { name: "Results", exact: true }).click();
  // No rig is registered yet: the run is a dry run, and says so.
  await expect(page.getByRole("heading", { name: /^Results/ })).toContainText("DRY RUN");
  // No session yet: nothing was played, so the run is incomplete and names the video.
  const banner = page.getByRole("region", { name: "Verdict" });
  await expect(banner).toContainText("INCOMPLETE");
  await expect(page.getByRole("list", { name: "Videos without a completed session" })).toContainText(
    `${video.fileName} — not played`,
  );

  const form = page.getByRole("form", { name: "Import recorded detections" });
  await form.getByLabel("Video").selectOption(video.id);
  await form.getByLabel("Detection file").setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("time,class\n1.0,\nsoon,\n"),
  });
  await form.getByRole("button", { name: "Import detections" }).click();
  await expect(form.getByRole("alert")).toContainText("bad.csv:3: time must be a number");

  // Pedestrian at 1.0 s found after 120 ms, cyclist at 4.0 s after 300 ms, a false alarm at 6.5 s.
  await form.getByLabel("Detection file").setInputFiles({
    name: "bench.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("time,class\n1.120,\n4.300,\n6.500,\n"),
  });
  await form.getByRole("button", { name: "Import detections" }).click();
  // A finished run is analysed again at once: nothing left to press.
  await expect(
    page.getByText(`Imported 3 detections for ${video.fileName}. The run was analysed again: verdict FAIL.`),
  ).toBeVisible();
  await expect(page.getByText("1 session was added after this analysis.")).toHaveCount(0);
  const verdict = page.getByRole("region", { name: "Verdict" });
  // Judged on the imported session, which covers the run's one video: a FAIL on precision.
  await expect(verdict).toContainText("FAIL");
  await expect(verdict).toContainText("minimum precision");
  await expect(page.getByRole("list", { name: "Videos without a completed session" })).toHaveCount(0);
  await expect(verdict).toContainText(
    "Dry run: no rig played this run; its figures rest only on 1 imported detection file.",
  );

  const precision = page.getByRole("row", { name: "Criterion Minimum precision" });
  await expect(precision).toContainText("66.7 %");
  await expect(precision).toContainText("≥ 90.0 %");
  await expect(precision).toContainText("fail");
  // Both events found, but 2 of 2 cannot show recall ≥ 95 % under the new projects' `bound` rule:
  // the row says so, with its bound and how many more events would settle it.
  const recall = page.getByRole("row", { name: "Criterion Minimum recall" });
  await expect(recall).toContainText("inconclusive");
  await expect(recall).toContainText("more events with no further miss would settle it");
  await expect(verdict).toContainText("Decision rule: bound");
  await expect(verdict).toContainText("one-sided 95 % Wilson bound");
  // Ratios carry their interval: recall 2 of 2 at 95 % (Wilson) is 34.2–100.0 %.
  await expect(page.getByRole("region", { name: "Per video" })).toContainText("34.2–100.0 %");
  await expect(page.getByRole("row", { name: /^Criterion Maximum latency/ })).toContainText("300.0 ms");

  const timeline = page.getByRole("img", { name: `Timeline of ${video.fileName}` });
  await expect(timeline).toBeVisible();
  // Drawn by the charting library: two ground-truth bars and three detection markers.
  await expect(timeline.locator("svg")).toBeVisible();
  await expect
    .poll(async () => timeline.locator("svg path, svg rect").count(), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(5);
  await expect(page.getByRole("img", { name: "Latency histogram" }).locator("svg")).toBeVisible();

  expect(await seriousViolations(page)).toEqual([]);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8");
  expect(csv.split("\n")[0]).toMatch(/^scope,name,reference,detections,tp,fp,fn/);
  expect(csv).toMatch(/criterion,Minimum precision,.*,0\.666666666667,>= 0\.9,fail/);
});
