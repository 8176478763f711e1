/**
 * Rigs, live: an admin adds two rigs and starts their agents (real agent processes with the
 * simulated camera); the rigs page shows both online; a run plays on them, its page shows the
 * detections arriving on the session's timeline, and a latency alert pops up.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedVideo } from "./fixtures/database";
import { sameOrigin } from "./fixtures/origin";
import { ADMIN, signInByApi } from "./fixtures/session";

const root = path.resolve(import.meta.dirname, "..");
const agents: ChildProcess[] = [];
test.afterAll(() => {
  for (const agent of agents) if (agent.exitCode === null) agent.kill("SIGTERM");
});

async function addRig(page: Page, name: string): Promise<string> {
  const form = page.getByRole("form", { name: "Add a rig" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Add rig" }).click();
  const command = page.getByRole("region", { name: `Agent command for ${name}` });
  await expect(command).toBeVisible();
  const token = /SIGHTLINE_RIG_TOKEN=(slr_[A-Za-z0-9_-]+)/.exec((await command.textContent()) ?? "")?.[1];
  expect(token).toBeTruthy();
  return token as string;
}

function startAgent(baseURL: string, token: string, seed: number, extra: string[] = []) {
  const agent = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "agent/main.ts",
      "--server",
      baseURL,
      "--source",
      "sim",
      "--sim-seed",
      String(seed),
      "--sim-miss-rate",
      "0",
      "--sim-latency-ms",
      "120-400",
      "--spool",
      path.join(process.env.E2E_DATA_DIR as string, `spool-${seed}`),
      ...extra,
    ],
    { cwd: root, env: { ...process.env, SIGHTLINE_RIG_TOKEN: token }, stdio: "ignore" },
  );
  agents.push(agent);
}

test("two sim rigs come online, a run plays on them live, and a latency alert appears", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const setup = await page.request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect([201, 409]).toContain(setup.status());
  await signInByApi(page, baseURL as string);

  await page.goto("/rigs");
  await expect(page.getByRole("heading", { name: "Rigs", exact: true })).toBeVisible();
  const stamp = Date.now();
  const first = await addRig(page, `Sim bench ${stamp} A`);
  const second = await addRig(page, `Sim bench ${stamp} B`);
  startAgent(baseURL as string, first, 11);
  startAgent(baseURL as string, second, 12);
  for (const name of [`Sim bench ${stamp} A`, `Sim bench ${stamp} B`]) {
    await expect(page.getByRole("row", { name: `Rig ${name}` })).toContainText("online", { timeout: 20_000 });
  }
  // The bundle a rig downloads is served.
  const bundle = await page.request.get("/agent/sightline-agent.mjs");
  expect(bundle.status()).toBe(200);
  expect(await bundle.text()).toContain("sightline-agent");

  await seedVideo("right");
  await page.goto("/projects/new");
  await page.getByLabel("Name").fill(`Live camera ${stamp}`);
  await page.getByLabel("Camera view").selectOption("right");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: /Live camera/ })).toBeVisible();
  await page
    .getByRole("form", { name: "Start a validation run" })
    .getByRole("button", { name: "Start validation run" })
    .click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);

  const sessions = page.getByRole("region", { name: /^Session / });
  await expect(sessions.first()).toContainText("running", { timeout: 30_000 });
  // The rig that took it is named without a reload.
  await expect(sessions.first()).toContainText(new RegExp(`on Sim bench ${stamp} [AB]`));
  await expect(sessions.first().getByRole("img", { name: /^Timeline of / })).toBeVisible();
  // Detections arrive with the latency of their match, and an alert pops up.
  await expect(
    sessions
      .first()
      .getByRole("list", { name: /^Latest matches of / })
      .getByRole("listitem")
      .first(),
  ).toContainText(" ms", { timeout: 20_000 });
  const alert = page
    .getByRole("list", { name: "Latency alerts" })
    .getByRole("alert")
    .filter({ hasText: /Latency warning|Critical latency/ })
    .first();
  await expect(alert).toBeVisible({ timeout: 20_000 });
  // It names the video and the rig, and sits in the sessions card rather than over a chart.
  await expect(alert).toContainText(new RegExp(`of .+\\.mp4 on Sim bench ${stamp} [AB]`));
  expect(await seriousViolations(page)).toEqual([]);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("completed", { timeout: 60_000 });
});

test("an engineer calibrates a rig's display from its page and sees the result and its history", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signInByApi(page, baseURL as string);
  await page.goto("/rigs");
  const name = `Calibration bench ${Date.now()}`;
  const token = await addRig(page, name);
  // A screen 30 ± 2 ms late, played at 10× real time.
  startAgent(baseURL as string, token, 21, ["--speed", "10", "--sim-display-latency-ms", "30±2"]);
  const row = page.getByRole("row", { name: `Rig ${name}` });
  await expect(row).toContainText("online", { timeout: 20_000 });
  await expect(row).toContainText("not calibrated");
  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Display latency" })).toContainText("Not calibrated");

  const form = page.getByRole("form", { name: "Calibrate the display" });
  // The video it plays can be downloaded too, with its frame list.
  const video = await page.request.get("/api/calibration-video?flashes=20&fps=10");
  expect(video.status()).toBe(200);
  expect(video.headers()["content-type"]).toBe("video/mp4");
  const frames = await page.request.get("/api/calibration-video?flashes=20&fps=10&frames=1");
  expect(((await frames.json()) as { flashes: unknown[] }).flashes).toHaveLength(20);
  // A bad value is refused beside its field.
  await form.getByLabel("Flashes").fill("3");
  await form.getByRole("button", { name: "Start calibration" }).click();
  await expect(form.getByText("At least 10 flashes")).toBeVisible();
  await form.getByLabel("Flashes").fill("20");
  await form.getByLabel("Frame rate").fill("10");
  await form.getByLabel("Monitor notes").fill("24-inch, 60 Hz, <b>game mode</b>");
  await form.getByRole("button", { name: "Start calibration" }).click();

  const result = page.getByRole("region", { name: "Display latency" });
  await expect(result).toContainText("Display latency (mean)", { timeout: 45_000 });
  const mean = Number(/Display latency \(mean\)\s*([\d.]+) ms/.exec((await result.textContent()) ?? "")?.[1]);
  expect(Math.abs(mean - 30)).toBeLessThan(2);
  await expect(result).toContainText("20 of 20");
  await expect(result.getByRole("img", { name: "Display latency histogram" })).toBeVisible();
  const history = page.getByRole("region", { name: "Calibration history" });
  await expect(history.getByRole("row").nth(1)).toContainText("completed");
  // Notes are shown as text, never as markup.
  await expect(history).toContainText("24-inch, 60 Hz, <b>game mode</b>");
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto("/rigs");
  await expect(page.getByRole("row", { name: `Rig ${name}` })).toContainText(/\d+\.\d ± \d+\.\d ms/);
});
