/**
 * Security against the production server, as an attacker on the same host would try it: script
 * planted in every text field an engineer, a rig or a file can set (no execution, no injected
 * element on any page, hovering every chart), the security headers and framing, forged
 * requests from a page on another port, sign-in throttling that a client-set X-Forwarded-For
 * cannot escape, sign-in over plain HTTP on a non-loopback address, internal errors that name no
 * SQL, and a /live socket that ends with its session.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { io as connectSocket } from "socket.io-client";

/** This machine's address on its network (not loopback), to come from another client address. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

import { serverDatabase } from "./fixtures/database";
import { E2E_ORIGIN, sameOrigin } from "./fixtures/origin";
import { ADMIN, signInByApi } from "./fixtures/session";
import { completedDryRun, trpcMutation } from "./fixtures/trpc";

const sample = readFileSync(path.join(import.meta.dirname, "fixtures/media/sample.mp4"));
/** Short enough for 60-character fields; an element that must never reach the DOM as one. */
const PAYLOAD = `<img data-xss src=x onerror=alert(1)>`;

async function signInAsAdmin(page: Page, baseURL: string) {
  await page.request.post("/api/setup", {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  await signInByApi(page, baseURL);
}

/** Watches a page for what planted script would cause: a dialog, a CSP violation, an injected element. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return {
    problems,
    async check(where: string) {
      const injected = await page.locator("[data-xss]").count();
      if (injected > 0) problems.push(`${where}: ${injected} element(s) made from data`);
      expect(problems, where).toEqual([]);
    },
  };
}

/** Hovers every drawn item of every chart on the page, so that each tooltip is rendered. */
async function hoverCharts(page: Page, watcher: ReturnType<typeof watch>, where: string) {
  const items = page.locator("[role=img] svg path, [role=img] svg rect");
  const count = await items.count();
  for (let i = 0; i < count; i++) {
    const box = await items.nth(i).boundingBox();
    if (!box || box.width < 1 || box.height < 1) continue;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(30);
    await watcher.check(`${where}, chart item ${i}`);
  }
  return count;
}

test("script planted in every text field never runs nor becomes an element, on any page", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const watcher = watch(page);
  await signInAsAdmin(page, baseURL as string);

  const project = await trpcMutation<{ id: string }>(page, "projects.create", {
    name: `XSS ${PAYLOAD}`,
    description: `Description ${PAYLOAD}`,
    cameraModel: `Model ${PAYLOAD}`,
    cameraView: `rear${PAYLOAD}`.slice(0, 60),
    signalType: "gpio",
  });
  await trpcMutation(page, "projects.setVideoRequirements", {
    id: project.id,
    videoRequirements: {
      requiredVruClasses: ["pedestrian"],
      requiredScenarios: [PAYLOAD],
      allowDraftGroundTruth: true,
    },
  });
  const upload = await page.request.post(`/api/videos/upload?name=${encodeURIComponent(`${PAYLOAD}.mp4`)}`, {
    data: Buffer.concat([sample, Buffer.from(`xss-${Date.now()}`)]),
    headers: { "content-type": "application/octet-stream", ...sameOrigin },
  });
  expect(upload.ok(), await upload.text()).toBe(true);
  const video = ((await upload.json()) as { video: { id: string; fileName: string } }).video;
  await trpcMutation(page, "videos.updateTags", {
    id: video.id,
    tags: { scenario: PAYLOAD, lighting: PAYLOAD, weather: PAYLOAD, vruClasses: ["pedestrian"] },
  });
  // Classes are Sightline's own (anything else is refused); track ids and zones are free text.
  for (const i of [0, 1]) {
    await trpcMutation(page, "groundTruth.putEvent", {
      videoId: video.id,
      id: crypto.randomUUID(),
      class: "pedestrian",
      onsetUs: 200_000 + i * 800_000,
      offsetUs: 600_000 + i * 800_000,
      trackId: PAYLOAD,
      zone: PAYLOAD,
    });
  }
  await trpcMutation(page, "assignments.add", { projectId: project.id, videoIds: [video.id] });
  // (Rig names are letters, digits, spaces, dots, dashes and underscores only.)
  await trpcMutation(page, "apiTokens.create", { name: `Token ${PAYLOAD}` });
  await trpcMutation(page, "users.create", {
    email: `xss-${Date.now()}@e2e.sightline`,
    name: `User ${PAYLOAD}`,
    password: "a-password-long-enough",
    role: "viewer",
  });
  const run = await completedDryRun(page, project.id);
  // A detection file whose classes carry the payload: they reach the timeline's tooltips.
  await trpcMutation(page, "results.importDetections", {
    workflowId: run.id,
    videoId: video.id,
    fileName: `${PAYLOAD}.csv`,
    content: `onset,offset,class\n0.3,0.5,"${PAYLOAD}"\n1.2,1.3,"${PAYLOAD}"\n1.8,1.9,"${PAYLOAD}"\n`,
  });
  await trpcMutation(page, "results.reanalyze", { workflowId: run.id });

  const pages = [
    "/dashboard",
    "/projects",
    `/projects/${project.id}`,
    `/projects/${project.id}/videos`,
    "/videos",
    `/videos/${video.id}`,
    `/videos/${video.id}/annotate`,
    "/workflows",
    `/workflows/${run.id}`,
    `/workflows/${run.id}/results`,
    "/rigs",
    "/settings",
    "/admin/users",
  ];
  let charted = 0;
  for (const where of pages) {
    await page.goto(where);
    await page.waitForLoadState("networkidle");
    await watcher.check(where);
    charted += await hoverCharts(page, watcher, where);
  }
  // The planted text is shown as text (escaped), e.g. the project's name on its page.
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByText(`XSS ${PAYLOAD}`).first()).toBeVisible();
  expect(charted).toBeGreaterThan(5);
});

test("every answer carries the security headers; no other page may frame Sightline", async ({ page, browser }) => {
  const response = await page.request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
  expect(headers["content-security-policy"]).not.toMatch(/unsafe-eval/);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // Plain HTTP here: no HSTS (it would pin a browser to an HTTPS this server does not serve).
  expect(headers["strict-transport-security"]).toBeUndefined();
  // Each page gets its own nonce.
  const again = (await page.request.get("/sign-in")).headers()["content-security-policy"];
  expect(again).not.toBe(headers["content-security-policy"]);

  // The page renders and hydrates under the policy (its scripts carry the nonce).
  const watcher = watch(page);
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: /sign in/i })).toBeEnabled();
  await watcher.check("/sign-in");

  await withOtherOrigin(browser, `<iframe id="f" src="${E2E_ORIGIN}/sign-in"></iframe>`, async (other) => {
    await other.waitForTimeout(1500);
    const framed = other.frames().find((f) => f !== other.mainFrame());
    const text = framed ? await framed.evaluate(() => document.body?.textContent ?? "").catch(() => "") : "";
    expect(text).not.toMatch(/sign in/i);
  });
});

/** A page served from another port of this host (same site, another origin), for `run`. */
async function withOtherOrigin(browser: Browser, html: string, run: (page: Page) => Promise<void>) {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><html><body>${html}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/`);
    await run(page);
  } finally {
    await context.close();
    server.close();
  }
}

test("a page on another port cannot make changes with the signed-in cookie", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = await page.request.post(`${E2E_ORIGIN}/api/auth/sign-in/email`, {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  expect(signIn.ok()).toBe(true);
  const cookies = await context.cookies(E2E_ORIGIN);
  const name = `Forged ${Date.now()}`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><html><body>
      <form id="f" method="POST" enctype="text/plain" action="${E2E_ORIGIN}/api/v1/workflow/projects/create">
        <input name='{"name":"${name}","camera_view":"rear","signal_type":"gpio","x":"' value='"}'>
      </form>
      <script>
        fetch("${E2E_ORIGIN}/api/trpc/projects.create", { method: "POST", credentials: "include", mode: "no-cors",
          headers: { "content-type": "text/plain" }, body: JSON.stringify({ json: { name: "${name} trpc", cameraView: "rear", signalType: "gpio" } }) })
          .finally(() => document.getElementById("f").submit());
      </script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const port = (server.address() as { port: number }).port;
    const attacker = await context.newPage();
    const posted = attacker.waitForResponse((r) => r.url().includes("/projects/create"), { timeout: 10_000 });
    await attacker.goto(`http://localhost:${port}/`);
    const answer = await posted;
    expect(answer.status()).toBe(403);
    expect(cookies.length).toBeGreaterThan(0);
    const sql = serverDatabase();
    try {
      const rows = await sql`select count(*)::int as n from projects where name like ${`${name}%`}`;
      expect(rows[0]?.n).toBe(0);
    } finally {
      await sql.end();
    }
  } finally {
    server.close();
    await context.close();
  }

  // The REST API takes JSON only, and a cookie-authenticated change only with this server's Origin.
  const api = `${E2E_ORIGIN}/api/v1/workflow/projects/create`;
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.request.post(`${E2E_ORIGIN}/api/auth/sign-in/email`, {
    data: { email: ADMIN.email, password: ADMIN.password },
    headers: sameOrigin,
  });
  const body = JSON.stringify({ name: `${name} plain`, camera_view: "rear", signal_type: "gpio" });
  const noOrigin = await p.request.post(api, { data: body, headers: { "content-type": "application/json" } });
  expect(noOrigin.status()).toBe(403);
  const otherOrigin = await p.request.post(api, {
    data: body,
    headers: { "content-type": "application/json", origin: "http://localhost:1" },
  });
  expect(otherOrigin.status()).toBe(403);
  const textPlain = await p.request.post(api, { data: body, headers: { "content-type": "text/plain", ...sameOrigin } });
  expect(textPlain.status()).toBe(415);
  const json = await p.request.post(api, {
    data: body,
    headers: { "content-type": "application/json", ...sameOrigin },
  });
  expect(json.status()).toBe(200);
  await ctx.close();
});

test("bad input answers 4xx without internals: NUL bytes, prototype keys, bad escapes, odd ids", async ({
  page,
  baseURL,
}) => {
  await signInAsAdmin(page, baseURL as string);
  const nul = await page.request.get(
    `/api/trpc/dashboard.projects?input=${encodeURIComponent(JSON.stringify({ json: { search: "a\u0000b" } }))}`,
  );
  expect(nul.status()).toBe(400);
  expect(await nul.text()).not.toMatch(/select|from "|params/i);
  const named = await page.request.post("/api/trpc/projects.create", {
    data: { json: { name: "nul\u0000name", cameraView: "rear", signalType: "gpio" } },
    headers: sameOrigin,
  });
  expect(named.status()).toBe(400);
  for (const key of ["constructor", "__proto__", "toString"]) {
    const response = await page.request.post("/api/v1/workflow/projects/create", {
      data: `{"${key}": 1}`,
      headers: { "content-type": "application/json", ...sameOrigin },
    });
    expect(response.status(), key).toBe(400);
  }
  expect((await page.request.get("/projects/%E0%A4%A")).status()).toBe(400);
  const oddId = "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz";
  expect((await page.request.get(`/api/videos/${oddId}/file`)).status()).toBe(404);
  expect((await page.request.get(`/api/rig/videos/${oddId}`)).status()).toBe(404);
  const upload = await page.request.post(`/api/videos/upload?name=${encodeURIComponent("a\u0000b.mp4")}`, {
    data: sample,
    headers: { "content-type": "application/octet-stream", ...sameOrigin },
  });
  expect(upload.status()).toBe(400);
  const notVideo = await page.request.post(`/api/videos/upload?name=notes.mp4`, {
    data: Buffer.from(`not a video ${Date.now()}`),
    headers: { "content-type": "application/octet-stream", ...sameOrigin },
  });
  expect(notVideo.status()).toBe(400);
  expect(await notVideo.text()).not.toMatch(/\.uploads|\/tmp\/|\.data\//);
  const params = await page.request.post("/api/trpc/workflows.create", {
    data: { json: { projectId: crypto.randomUUID(), parameters: { maxReruns: "lots", videoIds: ["x"] } } },
    headers: sameOrigin,
  });
  expect(params.status()).toBe(400);
  expect((await page.request.get("/metrics")).status()).toBe(404);
});

test("sign-in works over plain HTTP on a non-loopback address", async ({ browser }) => {
  expect(lanAddress, "this test needs a non-loopback IPv4 address").toBeTruthy();
  const origin = `http://${lanAddress}:${new URL(E2E_ORIGIN).port}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/sign-in/, { timeout: 15_000 });
  const cookies = await context.cookies(origin);
  expect(cookies.some((c) => c.name.includes("session_token") && !c.name.startsWith("__Secure-"))).toBe(true);
  // Links in the dashboard's CSV name the host the browser used, not the one the server listens on.
  const csv = await (await context.request.get(`${origin}/api/dashboard/projects.csv`)).text();
  expect(csv).toContain(`${origin}/projects/`);
  expect(csv).not.toContain("localhost");
  await context.close();
});

test("a /live socket ends with its session, and only Sightline's pages may open one", async ({ page, baseURL }) => {
  await signInAsAdmin(page, baseURL as string);
  const cookie = (await page.context().cookies(E2E_ORIGIN)).map((c) => `${c.name}=${c.value}`).join("; ");
  const foreign = connectSocket(`${E2E_ORIGIN}/live`, {
    transports: ["websocket"],
    extraHeaders: { cookie, origin: "http://localhost:1" },
    reconnection: false,
  });
  const refusal = await new Promise<string>((resolve) => foreign.once("connect_error", (e) => resolve(e.message)));
  expect(refusal).toMatch(/Sightline's own pages/);
  foreign.close();

  const socket = connectSocket(`${E2E_ORIGIN}/live`, {
    transports: ["websocket"],
    extraHeaders: { cookie, origin: E2E_ORIGIN },
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const ended = new Promise<string>((resolve) => socket.once("disconnect", resolve));
  const out = await page.request.post("/api/auth/sign-out", { headers: sameOrigin, data: {} });
  expect(out.ok()).toBe(true);
  const reason = await Promise.race([ended, new Promise<string>((r) => setTimeout(() => r("still connected"), 8000))]);
  expect(reason).toBe("io server disconnect");
  socket.close();
});

// Last: it spends this machine's network address's sign-in allowance (loopback, which the
// other tests sign in from, keeps its own).
test("sign-in is throttled per account and per address, whatever X-Forwarded-For says", async ({
  page,
  baseURL,
  playwright,
}) => {
  expect(lanAddress, "this test needs a non-loopback IPv4 address").toBeTruthy();
  await signInAsAdmin(page, baseURL as string);
  const user = { email: `throttled-${Date.now()}@e2e.sightline`, password: "the-right-password-1" };
  await trpcMutation(page, "users.create", { ...user, name: "Throttled", role: "viewer" });
  const origin = `http://${lanAddress}:${new URL(E2E_ORIGIN).port}`;
  const request = await playwright.request.newContext({ baseURL: origin });
  const signIn = (password: string, forwardedFor: string) =>
    request.post("/api/auth/sign-in/email", {
      data: { email: user.email, password },
      headers: { origin, "x-forwarded-for": forwardedFor },
    });
  // Ten wrong passwords, each claiming another address: then the account is locked, right password or not.
  for (let i = 0; i < 10; i++) expect((await signIn(`wrong-${i}`, `10.9.0.${i}`)).status()).toBe(401);
  const locked = await signIn(user.password, "10.9.1.1");
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(60);
  expect(await locked.text()).toMatch(/Too many wrong passwords for this account/);
  // Another account from the same address: 20 sign-ins a minute, the new X-Forwarded-For notwithstanding.
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const response = await request.post("/api/auth/sign-in/email", {
      data: { email: `nobody-${i}@e2e.sightline`, password: "wrong-password" },
      headers: { origin, "x-forwarded-for": `10.8.${i}.1` },
    });
    statuses.push(response.status());
  }
  // At most 11 counted before (10 here, 1 by the test before): 9 more pass, the last 5 do not.
  expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
  expect(statuses.slice(-5)).toEqual(Array(5).fill(429));
  await request.dispose();
});
