/**
 * Regulation test cases, as an engineer meets them: build a project's requirement set from the
 * UN R151 catalog, tag two videos with their cases (one on its page, one by the library's bulk
 * edit), run, import what the camera signalled, and read the test-case matrix — one case passing
 * with its margin in ms and metres, one failing on an early activation, the rest not covered —
 * which keeps the run from passing. The catalog page's calculator places a window, and the
 * annotation page sets one with its keys.
 */
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedCaseVideo } from "./fixtures/database";
import { sameOrigin } from "./fixtures/origin";
import { ADMIN, signInByApi } from "./fixtures/session";

test("build a project from the R151 catalog, tag videos, run, and read the test-case matrix", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const setup = await page.request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect([201, 409]).toContain(setup.status());
  await signInByApi(page, baseURL as string);
  // Case 1's window for a collision at 20 s: line D at 10.6 s, the last point of information at 14.6 s.
  const first = await seedCaseVideo("right", { notBeforeS: 10.6, deadlineS: 14.6 });
  const fourth = await seedCaseVideo("right", { notBeforeS: 8, deadlineS: 12.3 });

  // The catalog and its calculator: case 1 with the collision at 20 s gives that window.
  await page.goto("/test-cases");
  await expect(page.getByRole("heading", { name: "Test cases", level: 1 })).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Case R151-D3" })).toContainText("verify");
  await page.getByLabel("From a case").selectOption("R151-D1");
  await page.getByLabel("Collision time on the video (s)").fill("20");
  await expect(page.locator("[data-not-before]")).toHaveText("10.600 s");
  await expect(page.locator("[data-deadline]")).toHaveText("14.600 s");
  await expect(page.getByLabel("R151 timing")).toContainText("26.11 m · 9.400 s before");
  expect(await seriousViolations(page)).toEqual([]);

  // A project whose requirement set is the whole R151 catalog.
  await page.goto("/projects/new");
  await page.getByLabel("Name").fill(`BSIS ${Date.now()}`);
  await page.getByLabel("Camera view").selectOption("right");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: /^BSIS/ })).toBeVisible();
  const projectId = /\/projects\/([0-9a-f-]{36})/.exec(page.url())?.[1] as string;
  const videos = page.getByRole("form", { name: "Videos" });
  await videos.getByRole("button", { name: /Take all of R151 \(11\)/ }).click();
  await expect(videos.getByText("11 test cases required")).toBeVisible();
  await videos.getByRole("button", { name: "Save videos" }).click();
  await expect(videos.getByText("Videos saved.")).toBeVisible();

  // One video tagged on its page…
  await page.goto(`/videos/${first.id}`);
  const tags = page.getByRole("form", { name: "Video tags" });
  await tags.getByLabel("Regulation test case shown").selectOption("R151-D1");
  await tags.getByRole("button", { name: "Save tags" }).click();
  await expect(tags.getByRole("status")).toBeVisible();
  // …the other with the library's bulk edit, found by its name.
  await page.goto("/videos");
  await page.getByLabel("Search by name").fill(fourth.fileName);
  await page.getByRole("checkbox", { name: `Select ${fourth.fileName}` }).check();
  const bulk = page.getByRole("form", { name: "Tag the selected videos" });
  await bulk.getByLabel("Regulation test case shown").selectOption("R151-D4");
  await bulk.getByRole("button", { name: "Apply to 1 video" }).click();
  await page.getByLabel("Test case", { exact: true }).selectOption("R151-D4");
  await expect(page.getByRole("row", { name: new RegExp(fourth.fileName) })).toContainText("R151-D4");

  // The assignment screen shows which required cases its videos cover.
  const assigned = await page.request.post(`/api/v1/workflow/projects/${projectId}/assign-videos`, {
    data: { video_ids: [first.id, fourth.id] },
    headers: { origin: baseURL as string },
  });
  expect(assigned.status()).toBe(200);
  await page.goto(`/projects/${projectId}/videos`);
  const coverage = page.getByRole("region", { name: "Test cases" });
  await expect(coverage).toContainText("9 of 11 required cases shown by no assigned video");

  await page.goto(`/projects/${projectId}`);
  // Played without a rig (other specs may have registered rigs): the camera's signals are imported below.
  const start = page.getByRole("form", { name: "Start a validation run" });
  await start.getByLabel("Dry run without a rig").fill("0.5");
  await start.getByRole("button", { name: "Start validation run" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("completed", { timeout: 30_000 });
  await page.getByRole("link", { name: "Results", exact: true }).click();

  const form = page.getByRole("form", { name: "Import recorded detections" });
  const importFile = async (videoId: string, content: string) => {
    await form.getByLabel("Video").selectOption(videoId);
    await form.getByLabel("Detection file").setInputFiles({
      name: "camera.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(content),
    });
    await form.getByRole("button", { name: "Import detections" }).click();
    await expect(page.getByText(/Imported \d detections? for/)).toBeVisible();
  };
  // Case 1: signalled at 12.1 s, 2.5 s before the deadline. Case 4: at 5 s (before line D) and 12.5 s (too late).
  await importFile(first.id, "time\n12.1\n");
  await importFile(fourth.id, "time\n5.0\n12.5\n");

  const matrix = page.getByRole("region", { name: "Test cases" });
  await expect(matrix).toContainText("1 of 11 required cases pass, 1 fail, 9 not covered");
  const one = matrix.getByRole("row", { name: "Test case R151-D1" });
  await expect(one).toContainText("pass");
  await expect(one).toContainText("1 of 1");
  await expect(one).toContainText("2500 ms · 6.94 m");
  const four = matrix.getByRole("row", { name: "Test case R151-D4" });
  await expect(four).toContainText("fail");
  await expect(four).toContainText("1 early activation");
  await expect(four).toContainText("not detected in its window");
  await expect(matrix.getByRole("row", { name: "Test case R151-D2" })).toContainText("not covered");
  const verdict = page.getByRole("region", { name: "Verdict" });
  await expect(verdict).toContainText("FAIL");
  await expect(verdict).toContainText("Test cases: 1 of 11 required cases pass");
  await expect(verdict).toContainText("failing: R151-D4");
  expect(await seriousViolations(page)).toEqual([]);

  // The annotation page sets an event's own window at the current frame (N, D) and shows it.
  await page.goto(`/videos/${first.id}/annotate`);
  await page.getByRole("button", { name: /^cyclist from frame 150 to frame 600/ }).click();
  await page.keyboard.press("End");
  await page.keyboard.press("d");
  await expect(page.locator("[data-event-window]")).toContainText(/Deadline: frame 899/);
  await expect(page.locator(`[data-window]`)).toHaveCount(1);
  await page.keyboard.press("Shift+N");
  await expect(page.locator("[data-event-window]")).toContainText("Not before: the project's window");
  await expect(page.getByRole("status").filter({ hasText: /changes saved/ })).toHaveText("All changes saved");
});
