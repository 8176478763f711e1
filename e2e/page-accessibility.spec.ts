/**
 * No serious or critical accessibility violations (axe-core) on every page, in both themes: the
 * sign-in page, the dashboard, projects, a project, its assignment, the video library, a video
 * and its annotation, the Runs page, a run and its results, the rigs, users, settings and the
 * API reference. Named to run after the journey spec, which needs the empty database of the
 * first visit.
 */
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedVideo } from "./fixtures/database";
import { sameOrigin } from "./fixtures/origin";
import { ADMIN, signInByApi } from "./fixtures/session";
import { completedDryRun } from "./fixtures/trpc";

test("pages have no serious or critical accessibility violations", async ({ page, browser, baseURL }) => {
  test.setTimeout(150_000);
  const setup = await page.request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect([201, 409]).toContain(setup.status());
  await signInByApi(page, baseURL as string);
  const video = await seedVideo("front");

  await page.goto("/projects/new");
  await page.getByLabel("Name").fill(`Accessible camera ${Date.now()}`);
  await page.getByLabel("Camera view").selectOption("front");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: /Accessible camera/ })).toBeVisible();
  const projectUrl = page.url();
  const run = await completedDryRun(page, projectUrl.split("/").at(-1) as string);

  const pages: [string, string | RegExp][] = [
    ["/projects", "Projects"],
    [projectUrl, /Accessible camera/],
    ["/videos", "Videos"],
    [`/videos/${video.id}`, video.fileName],
    [`/videos/${video.id}/annotate`, "Annotate"],
    [`${projectUrl}/videos`, "Assign videos"],
    ["/workflows", "Runs"],
    [`/workflows/${run.id}`, /^Run /],
    [`/workflows/${run.id}/results`, /^Results/],
    ["/rigs", "Rigs"],
    ["/test-cases", "Test cases"],
    ["/admin/users", "Users"],
    ["/dashboard", "Dashboard"],
    ["/settings", "Settings"],
    ["/api-reference", "REST API reference"],
  ];
  // Signed out: the sign-in page.
  const anonymous = await browser.newContext();
  const signInPage = await anonymous.newPage();
  await signInPage.goto(`${baseURL}/sign-in`);
  await expect(signInPage.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await seriousViolations(signInPage), "/sign-in").toEqual([]);
  await anonymous.close();

  // Both colour themes: the dark one turns the palette over and must keep every contrast.
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((t) => localStorage.setItem("sightline-theme", t), theme);
    for (const [url, heading] of pages) {
      await page.goto(url);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.getByRole("heading", { name: heading, exact: typeof heading === "string" })).toBeVisible();
      expect(await seriousViolations(page), `${url} (${theme})`).toEqual([]);
    }
  }
});
