/**
 * Curating videos and watching projects: annotate a real video with the keyboard (frame steps,
 * onset/offset keys, class keys, undo/redo, delete) with every change saved; a second engineer
 * reviews it; videos are assigned to a project on the scored assignment screen; the managers'
 * dashboard shows a project's verdict and trend. axe finds no serious violation on the pages.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedVideo } from "./fixtures/database";
import { sameOrigin } from "./fixtures/origin";
import { signInAsAdmin, signInByApi } from "./fixtures/session";
import { completedDryRun, trpcMutation, trpcQuery } from "./fixtures/trpc";

const sample = readFileSync(path.join(import.meta.dirname, "fixtures/media/sample.mp4"));

/** The 2 s, 10 fps sample made unique by a trailing byte (ffprobe reads it the same). */
async function uploadSample(page: Page, name: string): Promise<{ id: string; fileName: string }> {
  const response = await page.request.post(`/api/videos/upload?name=${encodeURIComponent(name)}`, {
    data: Buffer.concat([sample, Buffer.from(`${Date.now()}-${Math.random()}`)]),
    headers: { "content-type": "application/octet-stream", ...sameOrigin },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { video: { id: string; fileName: string } }).video;
}

test("annotate a video with the keyboard, undo and redo, and have a second engineer review it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, baseURL as string);
  const video = await uploadSample(page, `annotate-${Date.now()}.mp4`);

  await page.goto(`/videos/${video.id}/annotate`);
  await expect(page.getByRole("heading", { name: "Annotate" })).toBeVisible();
  const frame = page.getByTestId("frame");
  await expect(frame).toHaveText("0");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await expect(frame).toHaveText("5");
  await page.keyboard.press("2"); // cyclist
  await page.keyboard.press("i");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(frame).toHaveText("15");
  await page.keyboard.press("o");
  const row = page.getByRole("row", { name: /cyclist frame 5 · 0\.500 s frame 15 · 1\.500 s/ });
  await expect(row).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /changes saved/ })).toHaveText("All changes saved");
  await expect(page.getByRole("button", { name: "cyclist from frame 5 to frame 15" })).toBeVisible();

  // Undo takes it away, redo puts it back; a deletion is undone too — each one saved.
  await page.keyboard.press("Control+z");
  await expect(row).toHaveCount(0);
  await page.keyboard.press("Control+Shift+z");
  await expect(row).toBeVisible();
  await page.keyboard.press("Shift+ArrowLeft"); // frame 5
  await page.keyboard.press("ArrowRight"); // frame 6: move the selected event's onset here
  await page.keyboard.press("[");
  const moved = page.getByRole("row", { name: /cyclist frame 6 · 0\.600 s frame 15 · 1\.500 s/ });
  await expect(moved).toBeVisible();
  await page.keyboard.press("Delete");
  await expect(moved).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(moved).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /changes saved/ })).toHaveText("All changes saved");

  // Saved as it went: the server has the event with frame-accurate times.
  const events = await trpcQuery<Array<{ class: string; onsetUs: number; offsetUs: number }>>(
    page,
    "groundTruth.ofVideo",
    { videoId: video.id },
  );
  expect(events.map((e) => [e.class, e.onsetUs, e.offsetUs])).toEqual([["cyclist", 600_000, 1_500_000]]);
  await page.reload();
  await expect(moved).toBeVisible();
  await expect(page.getByText("You made the last change: another engineer reviews it.")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // A second engineer reviews it.
  const reviewer = { email: `reviewer-${Date.now()}@e2e.sightline`, password: "reviewer-password-e2e" };
  await trpcMutation(page, "users.create", { ...reviewer, name: "Reviewer", role: "engineer" });
  const context = await browser.newContext({ baseURL });
  const second = await context.newPage();
  await signInByApi(second, baseURL as string, reviewer);
  await second.goto(`/videos/${video.id}`);
  await second.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(second.getByText("reviewed", { exact: true })).toBeVisible();
  await context.close();
});

test("assign videos to a project on the assignment screen and see their scores", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page, baseURL as string);
  const project = await trpcMutation<{ id: string; name: string }>(page, "projects.create", {
    name: `Assigned camera ${Date.now()}`,
    cameraView: "left",
    signalType: "gpio",
  });
  const fitting = await seedVideo("left"); // reviewed, pedestrian and cyclist
  const other = await seedVideo("front");

  await page.goto(`/projects/${project.id}/videos`);
  await expect(page.getByRole("heading", { name: "Assign videos" })).toBeVisible();
  await page.getByLabel("Search by name").fill(fitting.fileName.slice(4, 30));
  const candidate = page.getByRole("row", {
    name: new RegExp(fitting.fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
  });
  await expect(candidate).toContainText("1.00");
  await expect(candidate).toContainText("left view matches; covers pedestrian, cyclist; ground truth reviewed");
  await candidate.getByRole("button", { name: `Add ${fitting.fileName}` }).click();
  const assigned = page.getByRole("region", { name: /^Assigned/ });
  await expect(assigned.getByRole("link", { name: fitting.fileName })).toBeVisible();

  await page.getByLabel("Search by name").fill(other.fileName.slice(4, 30));
  const wrong = page.getByRole("row", { name: new RegExp(other.fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
  await expect(wrong).toContainText("0.00");
  await expect(wrong).toContainText("not usable");
  await expect(wrong).toContainText("front view, project needs left");
  expect(await seriousViolations(page)).toEqual([]);

  await assigned.getByRole("button", { name: `Remove ${fitting.fileName}` }).click();
  await expect(page.getByText("No video assigned yet.")).toBeVisible();
});

test("the dashboard shows a project's latest verdict and its trend", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, baseURL as string);
  const model = `Dash-E2E-${Date.now()}`;
  const project = await trpcMutation<{ id: string; name: string }>(page, "projects.create", {
    name: `Dashboard camera ${Date.now()}`,
    cameraModel: model,
    cameraView: "rear",
    signalType: "gpio",
  });
  const video = await seedVideo("rear");
  await trpcMutation(page, "assignments.add", { projectId: project.id, videoIds: [video.id] });
  // A dry run (rigs registered by other specs may be offline), then a recorded detection file.
  const run = await completedDryRun(page, project.id);
  await trpcMutation(page, "results.importDetections", {
    workflowId: run.id,
    videoId: video.id,
    fileName: "bench.csv",
    content: "time,class\n1.120,\n4.300,\n6.500,\n",
  });
  await trpcMutation(page, "results.reanalyze", { workflowId: run.id });

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.getByLabel("Camera model").selectOption(model);
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary.getByRole("link", { name: /^Projects 1/ })).toBeVisible();
  // The Failing tile filters the table to the projects whose latest run failed.
  const failing = summary.getByRole("button", { name: /^Failing 1/ });
  await failing.click();
  await expect(failing).toHaveAttribute("aria-pressed", "true");
  const row = page.getByRole("row", { name: new RegExp(project.name) });
  await expect(row).toContainText("FAIL");
  await expect(row).toContainText("0%");
  await expect(row).toContainText("300 ms");
  // The run was a dry run with a recorded file: the dashboard says so beside its verdict.
  await expect(row).toContainText("DRY RUN");
  await expect(
    row.getByRole("img", { name: /Last 1 run, oldest first: fail \(dry run\) \(p95 300 ms\)/ }),
  ).toBeVisible();
  await expect(page.getByRole("img", { name: "Pass rate and p95 latency per day" }).locator("svg")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Every figure leads to its source: the verdict to the run's results.
  await row.getByRole("link", { name: `FAIL: results of the latest run of ${project.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${run.id}/results$`));
  await expect(page.getByRole("region", { name: "Verdict" })).toContainText("FAIL");

  // The CSV export has the row.
  await page.goto("/dashboard");
  await page.getByLabel("Camera model").selectOption(model);
  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  const csv = await (await page.request.get(href as string)).text();
  expect(csv.split("\n")[1]).toContain(`${project.name},${model},rear,fail,`);
});
