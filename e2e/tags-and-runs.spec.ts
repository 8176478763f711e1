/**
 * What a new user meets first: tagging videos (on a video's page, many at once in the library,
 * on upload), the Runs page with its filters and columns, a dry run labelled wherever it
 * appears, the dashboard's Passing and Failing tiles filtering its table.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { seedVideo } from "./fixtures/database";
import { signInAsAdmin } from "./fixtures/session";
import { completedDryRun, trpcMutation, trpcQuery } from "./fixtures/trpc";

const sample = readFileSync(path.join(import.meta.dirname, "fixtures/media/sample.mp4"));

test("tag a video on its page, many at once in the library, and on upload", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page, baseURL as string);
  const one = await seedVideo("front");
  const two = await seedVideo("front");

  // On its page.
  await page.goto(`/videos/${one.id}`);
  const form = page.getByRole("form", { name: "Video tags" });
  await form.getByLabel("Camera view").selectOption("left");
  await form.getByLabel("Scenario").fill("turning right");
  await form.getByLabel("Lighting").fill("night");
  await form.getByLabel("cyclist", { exact: true }).check();
  await form.getByRole("button", { name: "Save tags" }).click();
  await expect(form.getByRole("status")).toHaveText("Tags saved.");
  await page.reload();
  await expect(page.getByRole("form", { name: "Video tags" }).getByLabel("Camera view")).toHaveValue("left");
  await expect(page.getByRole("form", { name: "Video tags" }).getByLabel("cyclist", { exact: true })).toBeChecked();

  // Many at once: the library's filter finds both once tagged.
  await page.goto("/videos");
  const library = page.getByRole("region", { name: "Library" });
  await library.getByLabel("Search by name").fill("e2e/");
  await page.getByLabel(`Select ${one.fileName}`).check();
  await page.getByLabel(`Select ${two.fileName}`).check();
  const bulk = page.getByRole("form", { name: "Tag the selected videos" });
  await expect(bulk).toContainText("Tag 2 selected videos");
  await bulk.getByLabel("Camera view").selectOption("rear");
  await bulk.getByLabel("Weather").fill("rain");
  await bulk.getByLabel("Add a VRU class").selectOption("pedestrian");
  await bulk.getByRole("button", { name: "Apply to 2 videos" }).click();
  await expect(library.getByRole("status")).toHaveText("Tagged 2 videos.");
  await library.getByLabel("Camera view").selectOption("rear");
  await library.getByLabel("VRU class present").selectOption("pedestrian");
  await expect(library.getByRole("link", { name: one.fileName })).toBeVisible();
  await expect(library.getByRole("link", { name: two.fileName })).toBeVisible();
  // The first keeps what the bulk form did not name.
  await expect(library.getByRole("row").filter({ hasText: one.fileName })).toContainText(
    "rear · turning right · night · rain · cyclist · pedestrian",
  );
  expect(await seriousViolations(page)).toEqual([]);

  // On upload.
  const upload = page.getByRole("form", { name: "Upload a video" });
  await upload.getByText(/^Tags \(optional\)/).click();
  await upload.getByLabel("Camera view").selectOption("right");
  await upload.getByLabel("scooter").check();
  await upload.getByLabel("Video file").setInputFiles({
    name: `tagged-${Date.now()}.mp4`,
    mimeType: "video/mp4",
    buffer: Buffer.concat([sample, Buffer.from(`${Date.now()}-${Math.random()}`)]),
  });
  await upload.getByRole("button", { name: "Upload" }).click();
  await upload.getByRole("status").getByRole("link").click();
  await expect(page.getByRole("form", { name: "Video tags" }).getByLabel("Camera view")).toHaveValue("right");
  await expect(page.getByRole("form", { name: "Video tags" }).getByLabel("scooter")).toBeChecked();
});

test("the Runs page lists every run with its name, firmware and dry-run label, and filters them", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page, baseURL as string);
  const video = await seedVideo("front");
  const stamp = Date.now();
  const project = await trpcMutation<{ id: string; name: string }>(page, "projects.create", {
    name: `Runs camera ${stamp}`,
    cameraView: "front",
    signalType: "gpio",
  });
  await trpcMutation(page, "assignments.add", { projectId: project.id, videoIds: [video.id] });

  // Started from the project's page, named, with its firmware.
  await page.goto(`/projects/${project.id}`);
  const start = page.getByRole("form", { name: "Start a validation run" });
  await start.getByLabel("Run name").fill(`Lens swap ${stamp}`);
  await start.getByLabel("Firmware version").fill(`9.9.${stamp}`);
  await start.getByLabel("Dry run without a rig").fill("0.5");
  await start.getByRole("button", { name: "Start validation run" }).click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f-]{36}$/);
  const runId = page.url().split("/").at(-1) as string;
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(`Lens swap ${stamp}`);
  await expect(heading.getByText("DRY RUN")).toBeVisible();
  await expect(page.getByText(`Firmware 9.9.${stamp}`)).toBeVisible();
  await expect(heading.getByText("completed")).toBeVisible({ timeout: 30_000 });
  // Another run of the same project, without a name or firmware.
  await trpcMutation(page, "workflows.create", {
    projectId: project.id,
    parameters: { dryRunSeconds: 0.2 },
    start: true,
  });
  await expect
    .poll(async () => (await trpcQuery<{ total: number }>(page, "workflows.list", { projectId: project.id })).total)
    .toBe(2);

  await page.getByRole("navigation").getByRole("link", { name: "Runs", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Runs", exact: true })).toBeVisible();
  const filters = page.getByRole("form", { name: "Filter runs" });
  await filters.getByLabel("Project").selectOption(project.id);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(2);
  const named = page.getByRole("row", { name: `Run Lens swap ${stamp}` });
  await expect(named).toContainText("DRY RUN");
  await expect(named).toContainText(`9.9.${stamp}`);
  await expect(named).toContainText("none (simulated)");
  await expect(named.getByRole("cell").nth(6)).toHaveText("1"); // videos (after the compare box)

  await filters.getByLabel("Firmware").fill(`9.9.${stamp}`);
  await expect(rows).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`firmware=9\\.9\\.${stamp}`));
  // The filters live in the address: a reload (or a shared link) shows the same list.
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await page.getByRole("form", { name: "Filter runs" }).getByLabel("Dry runs").selectOption("exclude");
  await expect(page.getByText("No run matches these filters.")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("form", { name: "Filter runs" }).getByLabel("Dry runs").selectOption("only");
  await page.getByRole("link", { name: `Lens swap ${stamp}` }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${runId}$`));

  // The project's own list has the same columns.
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByRole("row", { name: `Run Lens swap ${stamp}` })).toContainText("DRY RUN");
});

test("the dashboard's Passing and Failing tiles filter its projects table", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page, baseURL as string);
  // A project whose latest run failed: one false alarm imported into its finished dry run.
  const video = await seedVideo("rear");
  const project = await trpcMutation<{ id: string; name: string }>(page, "projects.create", {
    name: `Failing camera ${Date.now()}`,
    cameraView: "rear",
    signalType: "gpio",
  });
  await trpcMutation(page, "assignments.add", { projectId: project.id, videoIds: [video.id] });
  const run = await completedDryRun(page, project.id);
  const imported = await trpcMutation<{ analysis: { verdict: string } | null }>(page, "results.importDetections", {
    workflowId: run.id,
    videoId: video.id,
    fileName: "false-alarm.csv",
    content: "time\n6.5\n",
  });
  expect(imported.analysis?.verdict).toBe("fail");

  await page.goto("/dashboard");
  const failing = page.getByRole("button", { name: /^Failing/ });
  await failing.click();
  await expect(failing).toHaveAttribute("aria-pressed", "true");
  const table = page.getByRole("region", { name: "Projects" });
  await expect(table.getByRole("status")).toHaveText(/Only projects whose latest run failed/);
  await table.getByLabel("Search projects").fill(project.name);
  await expect(table.getByRole("link", { name: project.name, exact: true })).toBeVisible();
  const passing = page.getByRole("button", { name: /^Passing/ });
  await passing.click();
  await expect(passing).toHaveAttribute("aria-pressed", "true");
  await expect(table.getByRole("link", { name: project.name, exact: true })).toHaveCount(0);
  await table.getByRole("button", { name: "Show all" }).click();
  await expect(passing).toHaveAttribute("aria-pressed", "false");
  await expect(table.getByRole("link", { name: project.name, exact: true })).toBeVisible();
});
