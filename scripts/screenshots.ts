/**
 * `npm run screenshots -- <folder>`: every page of Sightline in Chromium at 1366×768 and 390×844
 * (mobile), in the light and the dark theme, as PNG files in <folder>. Starts its own production
 * server on a fresh data dir (embedded PostgreSQL), fills it with the sample set (samples/: a
 * video with its ground truth, two runs of two firmware versions), a rig and a viewer, then
 * visits each page. On every shot it checks that nothing scrolls sideways, that no control
 * clips its text and that no two pieces of text overlap; it prints a JSON report and exits 1
 * when any check fails. Stops the server it started by its pid.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { firstAdminCookie } from "@/e2e/fixtures/server-process";
import { SightlineProcess } from "@/server/testing/chaos/sightline-process";
import { SimAgent } from "@/server/testing/chaos/sim-agent";
import { freePort } from "@/server/testing/processes";

const root = path.resolve(import.meta.dirname, "..");
const outDir = process.argv[2];
if (!outDir) {
  process.stderr.write("usage: npm run screenshots -- <folder>\n");
  process.exit(2);
}
const ADMIN = { email: "admin@screens.sightline", password: "screens-password-1234" };
const VIEWER = { email: "viewer@screens.sightline", password: "viewer-password-1234" };
const REVIEWER = { email: "reviewer@screens.sightline", password: "reviewer-password-1234" };
const sizes = [
  { name: "1366", width: 1366, height: 768 },
  { name: "390", width: 390, height: 844 },
] as const;
const themes = ["light", "dark"] as const;
/** `SCREENSHOTS_ONLY=run,results` takes only those pages (while fixing one). */
const only = process.env.SCREENSHOTS_ONLY?.split(",").filter(Boolean);

type Problem = { shot: string; kind: "horizontal scroll" | "clipped control" | "overlapping text"; detail: string };

async function seed(base: string, cookie: string) {
  const headers = { "content-type": "application/json", origin: base, cookie };
  const call = async <T>(procedure: string, input: unknown): Promise<T> => {
    const response = await fetch(`${base}/api/trpc/${procedure}`, {
      method: "POST",
      headers,
      body: JSON.stringify({ json: input }),
    });
    const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
    if (!response.ok || !body.result) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
    return body.result.data.json;
  };
  const query = async <T>(procedure: string, input: unknown): Promise<T> => {
    const response = await fetch(
      `${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
      { headers },
    );
    return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
  };
  const file = execFileSync(process.execPath, [path.join(root, "scripts/make-samples.mjs")], {
    encoding: "utf8",
  }).trim();
  const upload = await fetch(`${base}/api/videos/upload?name=${path.basename(file)}`, {
    method: "POST",
    headers: { origin: base, cookie, "content-type": "application/octet-stream" },
    body: readFileSync(file),
  });
  const { video } = (await upload.json()) as { video: { id: string } };
  await call("groundTruth.import", {
    videoId: video.id,
    fileName: "crossing-ground-truth.json",
    content: readFileSync(path.join(root, "samples/crossing-ground-truth.json"), "utf8"),
  });
  // A second engineer reviews the imported ground truth, as runs require.
  await call("users.create", {
    email: REVIEWER.email,
    password: REVIEWER.password,
    role: "engineer",
    name: "Reviewer",
  });
  const reviewerCookie = await firstAdminCookie(base, REVIEWER);
  const review = await fetch(`${base}/api/trpc/groundTruth.review`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie: reviewerCookie },
    body: JSON.stringify({ json: { videoId: video.id, reviewed: true } }),
  });
  if (!review.ok) throw new Error(`review: ${await review.text()}`);
  const project = await call<{ id: string }>("projects.create", {
    name: "Blind-spot camera, right side",
    description: "R151 blind-spot information system: pedestrians and cyclists passing the cab's right side.",
    cameraModel: "BSIS-200",
    cameraView: "right",
    signalType: "gpio",
  });
  await call("assignments.add", { projectId: project.id, videoIds: [video.id] });
  // Two R159 crossing cases required, one shown by the sample (a cyclist crossing from the nearside):
  // the results carry the test-case matrix, with one case not covered.
  await call("projects.setVideoRequirements", {
    id: project.id,
    videoRequirements: {
      requiredVruClasses: [],
      requiredScenarios: [],
      allowDraftGroundTruth: false,
      requiredTestCases: ["R159-C1", "R159-C4"],
    },
  });
  const { tags } = await query<{ tags: Record<string, unknown> }>("videos.byId", { id: video.id });
  await call("videos.updateTags", { id: video.id, tags: { ...tags, testCase: "R159-C4" } });
  const runs: string[] = [];
  for (const version of ["1.0", "1.1"]) {
    const run = await call<{ id: string }>("workflows.create", {
      projectId: project.id,
      name: `Crossing scene, firmware ${version}`,
      firmwareVersion: version,
      parameters: { dryRunSeconds: 0.5 },
      start: true,
    });
    for (let i = 0; i < 240; i++) {
      if ((await query<{ state: string }>("workflows.byId", { id: run.id })).state === "completed") break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await call("results.importDetections", {
      workflowId: run.id,
      videoId: video.id,
      fileName: `detections-firmware-${version}.csv`,
      content: readFileSync(path.join(root, `samples/detections-firmware-${version}.csv`), "utf8"),
    });
    runs.push(run.id);
  }
  // A rig calibrated by a real (simulated) agent: its page shows a calibration and its histogram.
  const bench = await call<{ rig: { id: string }; token: string }>("rigs.create", { name: "Bench rig A" });
  const agent = new SimAgent({
    server: base,
    token: bench.token,
    dir: mkdtempSync(path.join(os.tmpdir(), "sightline-screens-agent-")),
    label: "screens",
    seed: 1,
    camera: ["--sim-display-latency-ms", "32±3"],
    speed: 10,
  });
  agent.start();
  try {
    await call("rigs.calibrate", {
      rigId: bench.rig.id,
      signal: "sync",
      flashes: 60,
      fps: 30,
      playerNotes: "mpv 0.37, fullscreen",
      monitorNotes: "24-inch, 60 Hz",
    });
    for (let i = 0; i < 240; i++) {
      const page = await query<{ calibrations: { status: string }[] }>("rigs.get", { id: bench.rig.id });
      if (page.calibrations[0]?.status === "completed" || page.calibrations[0]?.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await agent.kill();
  }
  await call("users.create", { email: VIEWER.email, password: VIEWER.password, role: "viewer", name: "Manager" });
  // The comparison of the two runs, opened on its first changed event when there is one.
  const comparison = await query<{ changed: { reference: string }[] }>("comparisons.compare", {
    a: runs[0],
    b: runs[1],
  });
  const first = comparison.changed[0];
  const compareUrl = `/workflows/compare?a=${runs[0]}&b=${runs[1]}${first ? `&focus=event:${first.reference}` : ""}`;
  return { videoId: video.id, projectId: project.id, runId: runs[1] as string, compareUrl, rigId: bench.rig.id };
}

/** What a person would see as broken, measured in the page. */
async function checks(page: Page): Promise<{ kind: Problem["kind"]; detail: string }[]> {
  return page.evaluate(() => {
    const found: { kind: "horizontal scroll" | "clipped control" | "overlapping text"; detail: string }[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) {
      // Name the innermost elements that stick out, to say what to fix.
      // An ancestor that scrolls sideways holds an element in, unless the element is positioned
      // against a block outside it (an absolute element escapes every overflow between itself and
      // its offsetParent: an sr-only label inside a table that scrolls widens the whole page).
      const scrolls = (el: Element) => {
        const position = getComputedStyle(el).position;
        if (position === "fixed") return false;
        const start = position === "absolute" ? (el as HTMLElement).offsetParent : el.parentElement;
        for (let a = start; a && a !== document.body; a = a.parentElement) {
          if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return true;
        }
        return false;
      };
      const sticking = new Set(
        [...document.body.querySelectorAll("*")].filter(
          (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(el),
        ),
      );
      const out = [...sticking]
        .filter((el) => ![...el.children].some((c) => sticking.has(c)))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(" ").slice(0, 3).join(".")}`);
      found.push({
        kind: "horizontal scroll",
        detail: `page is ${doc.scrollWidth}px wide in ${window.innerWidth}px (${out.join(", ")})`,
      });
    }
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.textContent ?? (el as HTMLInputElement).value ?? "").trim().slice(0, 40)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== "hidden" && style.display !== "none";
    };
    for (const el of document.querySelectorAll("button, a, label, th, select, [role=status] span, nav a")) {
      if (!visible(el) || el.closest("[data-allow-clip], .sr-only")) continue;
      const h = el as HTMLElement;
      const style = getComputedStyle(h);
      // Text cut off without an ellipsis meant for it.
      if (style.overflow !== "visible" && style.textOverflow !== "ellipsis" && h.scrollWidth > h.clientWidth + 2) {
        found.push({ kind: "clipped control", detail: label(el) });
      }
    }
    // Leaf pieces of text: two that overlap on screen (outside charts) are unreadable.
    const leaves: { el: Element; r: DOMRect }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (
        !parent ||
        !node.textContent?.trim() ||
        parent.closest("svg, canvas, [aria-hidden=true], .sr-only, option, [data-allow-clip]")
      )
        continue;
      // Inside a closed <details> only its summary shows.
      const closed = parent.closest("details:not([open])");
      if (closed && !parent.closest("summary")) continue;
      if (!visible(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1) leaves.push({ el: parent, r });
      if (leaves.length > 1500) break;
    }
    for (let i = 0; i < leaves.length; i++) {
      for (let j = i + 1; j < leaves.length; j++) {
        const a = leaves[i] as { el: Element; r: DOMRect };
        const b = leaves[j] as { el: Element; r: DOMRect };
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (x > 2 && y > 2) {
          found.push({ kind: "overlapping text", detail: `${label(a.el)} over ${label(b.el)}` });
          if (found.length > 50) return found;
        }
      }
    }
    return found;
  });
}

async function shoot(
  browser: Browser,
  base: string,
  user: { email: string; password: string } | null,
  pages: [string, string][],
  problems: Problem[],
) {
  let shots = 0;
  for (const theme of themes) {
    for (const size of sizes) {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        colorScheme: theme,
        // Charts draw at once instead of animating past the moment of the shot.
        reducedMotion: "reduce",
        baseURL: base,
      });
      // The checks run in the page as compiled here, with esbuild's helper for function names.
      await context.addInitScript({ content: "window.__name = (f) => f;" });
      await context.addInitScript((t) => localStorage.setItem("sightline-theme", t), theme);
      const page = await context.newPage();
      if (user) {
        const signIn = await page.request.post("/api/auth/sign-in/email", {
          data: user,
          headers: { origin: base },
        });
        if (!signIn.ok()) throw new Error(`sign-in as ${user.email} failed: ${signIn.status()}`);
      }
      for (const [name, url] of pages) {
        if (only && !only.includes(name)) continue;
        await page.goto(url);
        await page.locator("h1").first().waitFor({ timeout: 20_000 });
        // Queries and charts settle (a live page never goes network-idle: its socket stays open).
        await page.waitForTimeout(700);
        const shot = `${name}-${size.name}-${theme}`;
        await page.screenshot({ path: path.join(outDir as string, `${shot}.png`), fullPage: true });
        shots++;
        for (const p of await checks(page)) problems.push({ shot, ...p });
      }
      await context.close();
    }
  }
  return shots;
}

async function main() {
  mkdirSync(outDir as string, { recursive: true });
  // Its output goes to stderr: stdout is the JSON report.
  const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], { cwd: root, stdio: ["ignore", 2, 2] });
  if (build.status !== 0) throw new Error("the production build failed");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sightline-screens-"));
  const server = await SightlineProcess.start({ port: await freePort(), dataDir, env: { LOG_LEVEL: "warn" } });
  const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
  const browser = await chromium.launch({
    executablePath: chromiumPath || undefined,
    args: ["--no-sandbox", "--headless", "--disable-gpu", "--hide-scrollbars"],
  });
  const problems: Problem[] = [];
  let shots = 0;
  try {
    const base = server.baseURL;
    shots += await shoot(browser, base, null, [["setup", "/setup"]], problems);
    const cookie = await firstAdminCookie(base, ADMIN);
    const { videoId, projectId, runId, compareUrl, rigId } = await seed(base, cookie);
    shots += await shoot(browser, base, null, [["sign-in", "/sign-in"]], problems);
    const pages: [string, string][] = [
      ["dashboard", "/dashboard"],
      ["projects", "/projects"],
      ["project-new", "/projects/new"],
      ["project", `/projects/${projectId}`],
      ["project-videos", `/projects/${projectId}/videos`],
      ["videos", "/videos"],
      ["video", `/videos/${videoId}`],
      ["annotate", `/videos/${videoId}/annotate`],
      ["runs", "/workflows"],
      ["run", `/workflows/${runId}`],
      ["results", `/workflows/${runId}/results`],
      ["compare", compareUrl],
      ["rigs", "/rigs"],
      ["rig", `/rigs/${rigId}`],
      ["test-cases", "/test-cases"],
      ["users", "/admin/users"],
      ["settings", "/settings"],
      ["api-reference", "/api-reference"],
    ];
    shots += await shoot(browser, base, ADMIN, pages, problems);
    shots += await shoot(browser, base, VIEWER, [["viewer-dashboard", "/dashboard"]], problems);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ folder: path.resolve(outDir as string), shots, problems }, null, 2)}\n`);
  if (problems.length) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
