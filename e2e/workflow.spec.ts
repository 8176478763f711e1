/**
 * A validation run from the UI: start it, watch its progress advance live, pause it (the
 * running task finishes, nothing new starts), resume it, and see it complete. A page that loses
 * its live connection says so, and catches up with the run when the connection is back.
 */
import { expect, type Page, test, type WebSocketRoute } from "@playwright/test";
import { seedVideo, serverDatabase } from "./fixtures/database";
import { sameOrigin } from "./fixtures/origin";
import { ADMIN, signInByApi } from "./fixtures/session";

async function progressOf(page: Page, label: string): Promise<number> {
  return Number(await page.getByRole("progressbar", { name: label, exact: true }).getAttribute("aria-valuenow"));
}

/** Signs in as the admin, creates a project with a video, and starts a dry run from its page. */
async function startDryRun(page: Page, baseURL: string, seconds: number): Promise<string> {
  // The journey spec creates the first admin; this one also works on its own.
  const setup = await page.request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect([201, 409]).toContain(setup.status());
  await signInByApi(page, baseURL);
  await seedVideo("left");

  await page.goto("/projects/new");
  await page.getByLabel("Name").fill(`Run camera ${Date.now()}`);
  await page.getByLabel("Camera view").selectOption("left");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: /Run camera/ })).toBeVisible();

  const start = page.getByRole("form", { name: "Start a validation run" });
  await start.getByLabel("Strategy").selectOption("parallel");
  await start.getByLabel("Dry run without a rig").fill(String(seconds));
  await start.getByRole("button", { name: "Start validation run" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1) as string;
}

async function stateInDatabase(id: string): Promise<string | undefined> {
  const sql = serverDatabase();
  try {
    const [row] = await sql`select state from workflows where id = ${id}`;
    return row?.state;
  } finally {
    await sql.end();
  }
}

test("start a run, watch it advance live, pause, resume, complete", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await startDryRun(page, baseURL as string, 8);

  // Progress advances without a reload.
  await expect.poll(() => progressOf(page, "Test execution"), { timeout: 20_000 }).toBeGreaterThan(0);
  const before = await progressOf(page, "Overall");
  await expect.poll(() => progressOf(page, "Overall"), { timeout: 20_000 }).toBeGreaterThan(before);

  await page.getByRole("button", { name: "Pause after current session" }).click();
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading.getByText("paused")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /No new test session is offered/ })).toBeVisible();
  // The simulated playback holds while paused: execute_tests does not move on, nothing after it starts.
  const executeRow = page.getByRole("row", { name: "Task execute_tests" });
  const held = await progressOf(page, "Test execution");
  await page.waitForTimeout(3000);
  expect(await progressOf(page, "Test execution")).toBe(held);
  await expect(executeRow.getByText("succeeded")).toHaveCount(0);
  await expect(page.getByRole("row", { name: "Task analyze_results" }).getByText("pending")).toBeVisible();

  await page.getByRole("button", { name: "Resume" }).click();
  await expect(heading.getByText("completed")).toBeVisible({ timeout: 30_000 });
  expect(await progressOf(page, "Overall")).toBe(100);
  await expect(page.getByText("pause by a user")).toBeVisible();
  // A dry run says so on the run, its results and the Runs list.
  await expect(heading.getByText("DRY RUN")).toBeVisible();
  await page.getByRole("link", { name: "Results" }).click();
  await expect(page.getByRole("heading", { name: /Results/ }).getByText("DRY RUN")).toBeVisible();
  await expect(page.getByRole("region", { name: "Verdict" })).toContainText("Dry run: playback was simulated");
});

test("a page that loses its live connection says so, and catches up when it is back", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  // The live connection goes through Playwright, so the test can drop it as a network would.
  let cut = false;
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) return ws.close();
    sockets.push(ws);
    ws.connectToServer();
  });
  const id = await startDryRun(page, baseURL as string, 4);
  await expect.poll(() => progressOf(page, "Test execution"), { timeout: 20_000 }).toBeGreaterThan(0);

  cut = true;
  await page.context().setOffline(true);
  for (const ws of sockets) await ws.close();
  await expect(page.getByRole("status")).toContainText("Live updates interrupted");
  // The run finishes while the page cannot hear of it.
  await expect.poll(() => stateInDatabase(id), { timeout: 60_000 }).toBe("completed");
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading.getByText("completed")).toHaveCount(0);

  cut = false;
  await page.context().setOffline(false);
  // Back online, the page reconnects at once (not at its next back-off attempt) and reloads the run.
  await expect(heading.getByText("completed")).toBeVisible({ timeout: 8_000 });
  expect(await progressOf(page, "Overall")).toBe(100);
  await expect(page.getByRole("status")).toHaveCount(0);
});
