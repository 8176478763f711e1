/**
 * The video library: upload a real (tiny) video and see the metadata ffprobe read; play it with
 * seeking (range requests); import its ground truth — a CSV with a bad row is previewed with
 * its problem and writes nothing, the fixed file imports — and a CVAT export.
 */
import path from "node:path";
import { expect, test } from "@playwright/test";
import { sameOrigin } from "./fixtures/origin";
import { ADMIN, signInByApi } from "./fixtures/session";

const sample = path.join(import.meta.dirname, "fixtures/media/sample.mp4");

test("upload a video, see its metadata, play it, and import its ground truth", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const setup = await page.request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect([201, 409]).toContain(setup.status());
  await signInByApi(page, baseURL as string);

  await page.goto("/videos");
  const upload = page.getByRole("form", { name: "Upload a video" });
  await upload.getByLabel("Video file").setInputFiles(sample);
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload.getByRole("status")).toContainText("sample.mp4");
  await upload.getByRole("link", { name: "sample.mp4" }).click();

  const facts = page.getByLabel("Video metadata");
  await expect(facts).toContainText("2.000 s");
  await expect(facts).toContainText("10 fps");
  await expect(facts).toContainText("160×120");
  await expect(facts).toContainText("h264");
  const src = await page.getByLabel("Playback of sample.mp4").getAttribute("src");
  const ranged = await page.request.get(src as string, { headers: { range: "bytes=100-199" } });
  expect(ranged.status()).toBe(206);
  expect(ranged.headers()["content-range"]).toMatch(/^bytes 100-199\/\d+$/);
  expect((await ranged.body()).length).toBe(100);

  const file = page.getByLabel("Ground-truth file");
  await file.setInputFiles({
    name: "gt.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("onset_ms,offset_ms,class\n200,900,pedestrian\n1500,1200,cyclist\n"),
  });
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Import preview" });
  await expect(preview).toContainText("2 events");
  await expect(preview).toContainText("ends before it starts");
  await expect(preview.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await expect(page.getByText("No ground truth yet.")).toBeVisible();

  await file.setInputFiles({
    name: "gt.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("onset_ms,offset_ms,class\n200,900,pedestrian\n1200,1500,cyclist\n"),
  });
  await page.getByRole("button", { name: "Preview" }).click();
  await preview.getByRole("button", { name: "Import 2 events" }).click();
  await expect(page.getByText("Imported 2 events from gt.csv.")).toBeVisible();
  await expect(page.getByRole("row", { name: /cyclist 1\.200 s 1\.500 s/ })).toBeVisible();

  // A CVAT export: a track visible on frames 5–14 at the video's 10 fps.
  await file.setInputFiles({
    name: "annotations.xml",
    mimeType: "application/xml",
    buffer: Buffer.from(
      '<annotations><meta><task><size>20</size></task></meta><track id="0" label="ped"><box frame="5" outside="0"/><box frame="14" outside="0"/><box frame="15" outside="1"/></track></annotations>',
    ),
  });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(preview).toContainText("CVAT · 1 event (1 pedestrian)");
  await preview.getByRole("button", { name: "Import 1 event" }).click();
  await expect(page.getByRole("row", { name: /pedestrian 0\.500 s 1\.500 s/ })).toBeVisible();

  // Exported in the formats it imports from.
  const href = await page
    .getByRole("navigation", { name: "Export ground truth" })
    .getByRole("link", { name: "CVAT XML" })
    .getAttribute("href");
  const exported = await page.request.get(href as string);
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toContain('<track id="0" label="pedestrian">');
});
