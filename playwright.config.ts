/**
 * End-to-end tests in a real Chromium against the production build, served by the compiled server
 * as `npm start` runs it, on an embedded PostgreSQL in a fresh data dir (so the first-admin
 * journey starts from an empty database). Debian's Chromium by default; set
 * PLAYWRIGHT_CHROMIUM_PATH to use another browser, or to an empty value to use Playwright's own.
 */
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { productionServerArgs } from "./server/testing/chaos/sightline-process";

const port = Number(process.env.E2E_PORT ?? 3100);
// Set once in the runner and inherited by its workers and the web server.
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "sightline-e2e-"));
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  // Two spec files at once: most of the time goes to waiting on servers, agents and timers.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTeardown: "./e2e/fixtures/global-teardown.ts",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath && existsSync(chromiumPath) ? chromiumPath : undefined,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // The first visit to an empty installation (no admin yet) comes before everything else.
    { name: "first-visit", testMatch: /journey\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      testIgnore: [/journey\.spec\.ts/, /bounds\.spec\.ts/],
      dependencies: ["first-visit"],
      use: { ...devices["Desktop Chrome"] },
    },
    // Time and memory bounds are measured last, with nothing else running beside them.
    { name: "alone", testMatch: /bounds\.spec\.ts/, dependencies: ["chromium"], use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    command: ["node", ...productionServerArgs()].join(" "),
    url: `http://localhost:${port}/api/trpc/health.check`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      SIGHTLINE_DATA_DIR: process.env.E2E_DATA_DIR,
      LOG_LEVEL: "warn",
    },
  },
});
