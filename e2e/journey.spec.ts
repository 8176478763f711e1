/**
 * The first hour of a new installation: create the first admin, sign in, create a project,
 * edit its thresholds (an invalid value is refused next to the field, a valid one saved), and
 * watch a second browser see the new project appear live.
 */
import { expect, test } from "@playwright/test";
import { ADMIN, signInByApi } from "./fixtures/session";

test.describe.configure({ mode: "serial" });

test("the first visit offers to create the first admin, who lands on the projects page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();

  await page.getByLabel("Your name").fill("Ada Admin");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Password must be at least 10 characters")).toBeVisible();

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expect(page.getByText(ADMIN.email)).toBeVisible();
});

test("setup is closed once an admin exists", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("signs in with email and password, and refuses a wrong password", async ({ page }) => {
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
});

test("creates a project, then edits its thresholds: invalid refused beside the field, valid saved", async ({
  page,
  baseURL,
}) => {
  await signInByApi(page, baseURL as string);
  await page.goto("/projects");
  await page.getByRole("link", { name: "New project" }).click();
  await expect(page.getByRole("heading", { name: "New project" })).toBeVisible();
  await page.getByLabel("Name").fill("Blind-spot camera A");
  await page.getByLabel("Camera model").fill("BSIS-200");
  await page.getByLabel("Camera view").selectOption("right");
  await page.getByRole("button", { name: "Create project" }).click();

  await expect(page.getByRole("heading", { name: /Blind-spot camera A/ })).toBeVisible();
  const thresholds = page.getByRole("form", { name: "Latency thresholds" });
  await expect(thresholds.getByLabel("Warning threshold")).toHaveValue("80");

  await thresholds.getByLabel("Warning threshold").fill("500");
  await thresholds.getByRole("button", { name: "Save latency thresholds" }).click();
  const warning = thresholds.getByLabel("Warning threshold");
  await expect(warning).toHaveAttribute("aria-invalid", "true");
  await expect(thresholds.getByText("Warning threshold must not be greater than the critical threshold")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("form", { name: "Latency thresholds" }).getByLabel("Warning threshold")).toHaveValue(
    "80",
  );

  const fresh = page.getByRole("form", { name: "Latency thresholds" });
  await fresh.getByLabel("Warning threshold").fill("120");
  await fresh.getByLabel("Critical threshold").fill("200");
  await fresh.getByRole("button", { name: "Save latency thresholds" }).click();
  await expect(fresh.getByText("Latency thresholds saved.")).toBeVisible();

  await page.reload();
  const saved = page.getByRole("form", { name: "Latency thresholds" });
  await expect(saved.getByLabel("Warning threshold")).toHaveValue("120");
  await expect(saved.getByLabel("Critical threshold")).toHaveValue("200");
});

test("a duplicate project name is refused by the server next to the name field", async ({ page, baseURL }) => {
  await signInByApi(page, baseURL as string);
  await page.goto("/projects/new");
  await page.getByLabel("Name").fill("blind-spot camera a");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(
    page.getByText('A project named "blind-spot camera a" already exists; choose another name'),
  ).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
});

test("a second browser sees a new project appear without reloading", async ({ browser, baseURL }) => {
  const watcherContext = await browser.newContext();
  const authorContext = await browser.newContext();
  try {
    const watcher = await watcherContext.newPage();
    await signInByApi(watcher, baseURL as string);
    await watcher.goto("/projects");
    await expect(watcher.getByRole("link", { name: "Blind-spot camera A" })).toBeVisible();

    const author = await authorContext.newPage();
    await signInByApi(author, baseURL as string);
    await author.goto("/projects/new");
    await author.getByLabel("Name").fill("Moving-off camera B");
    await author.getByLabel("Camera view").selectOption("front");
    await author.getByRole("button", { name: "Create project" }).click();
    await expect(author.getByRole("heading", { name: /Moving-off camera B/ })).toBeVisible();

    await expect(watcher.getByRole("link", { name: "Moving-off camera B" })).toBeVisible();
  } finally {
    await watcherContext.close();
    await authorContext.close();
  }
});
