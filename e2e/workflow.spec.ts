/**
 * A validation run from the UI: start it, watch its progress advance live, pause it (the
 * running task finishes, nothing new starts), resume it, and see it complete.
 */
import { expect, type Page, test } from "@playwright/test";
import { seedVideo } from "./fixtures/database";
import { ADMIN, signInByApi } from "./fixtures/session";

async function progressOf(page: Page, label: string): Promise<number> {
  return Number(await page.getByRole("progressbar", { name: label, exact: true }).getAttribute("aria-valuenow"));
}

test("start a run, watch it advance live, pause, resume, complete", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  // The journey spec creates the first admin; this one also works on its own.
  const setup = await page.request.post("/api/setup", { data: { email: ADMIN.email, password: ADMIN.password } });
  expect([201, 409]).toContain(setup.status());
  await signInByApi(page, baseURL as string);
  await seedVideo("left");

  await page.goto("/projects/new");
  await page.getByLabel("Name").fill(`Run camera ${Date.now()}`);
  await page.getByLabel("Camera view").selectOption("left");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: /Run camera/ })).toBeVisible();

  const start = page.getByRole("form", { name: "Start a validation run" });
  await start.getByLabel("Strategy").selectOption("parallel");
  await start.getByLabel("Dry run without a rig").fill("8");
  await start.getByRole("button", { name: "Start validation run" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);

  // Progress advances without a reload.
  await expect.poll(() => progressOf(page, "Test execution"), { timeout: 20_000 }).toBeGreaterThan(0);
  const before = await progressOf(page, "Overall");
  await expect.poll(() => progressOf(page, "Overall"), { timeout: 20_000 }).toBeGreaterThan(before);

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("heading", { name: /Validation run/ }).getByText("paused")).toBeVisible();
  // The running task finishes; the tasks after it wait.
  const executeRow = page.getByRole("row", { name: "Task execute_tests" });
  await expect(executeRow.getByText("succeeded")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("row", { name: "Task analyze_results" }).getByText("pending")).toBeVisible();

  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("heading", { name: /Validation run/ }).getByText("completed")).toBeVisible({
    timeout: 30_000,
  });
  expect(await progressOf(page, "Overall")).toBe(100);
  await expect(page.getByText("pause by a user")).toBeVisible();
});
