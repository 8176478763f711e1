/**
 * The largest input Sightline accepts costs it little: the production server on its own
 * embedded PostgreSQL, sampled for resident memory every 25 ms while it takes, one at a time,
 * the largest ground-truth file of each format, the largest detection file, a full tRPC batch and
 * the largest REST body (lib/validation/limits.ts). Each must be answered within 2 s and raise
 * the server's memory by at most 100 MB; one past its bound is refused. Also: the file of 11,000
 * identical lines that once took the server down, five uploads at once (the fifth is refused),
 * a body that trickles in (408) and one announced too large (413 at once), and a second SIGTERM
 * that does not cut the grace period short.
 */
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import {
  DETECTION_FILE_EVENTS_MAX,
  DETECTION_FILE_MAX_CHARS,
  FILE_EVENTS_MAX,
  GROUND_TRUTH_FILE_MAX_CHARS,
  REST_BODY_MAX_BYTES,
  TRPC_BATCH_MAX,
  UPLOADS_AT_ONCE,
} from "@/lib/validation/limits";
import { freePort } from "@/server/testing/processes";
import { firstAdminCookie, type ServerProcess, startServer, stopServer } from "./fixtures/server-process";

let server: ServerProcess;
let cookie = "";
let dataDir = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bounds-"));
  server = await startServer({ port: await freePort(), dataDir, env: { SIGHTLINE_SHUTDOWN_GRACE_SECONDS: "6" } });
  cookie = await firstAdminCookie(server.baseURL, { email: "bounds@e2e.sightline", password: "bounds-password-123" });
});
test.afterAll(async () => {
  if (server?.running()) await stopServer(server, "SIGKILL");
  await fs.rm(dataDir, { recursive: true, force: true }).catch(() => {});
});

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Runs `work` while sampling the server's memory: seconds taken, and the peak rise in MB. */
async function measured<T>(work: () => Promise<T>) {
  const pid = server.child.pid as number;
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 25);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, riseMb: Math.max(peak, rssMb(pid)) - before };
  } finally {
    clearInterval(sampler);
  }
}

const headers = () => ({ "content-type": "application/json", cookie, origin: server.baseURL });

async function trpc(path: string, input: unknown) {
  const response = await fetch(`${server.baseURL}/api/trpc/${path}`, {
    method: "POST",
    headers: headers(),
    body: JSON.stringify({ json: input }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function newVideo(): Promise<string> {
  const sample = readFileSync(path.join(import.meta.dirname, "fixtures/media/sample.mp4"));
  const response = await fetch(`${server.baseURL}/api/videos/upload?name=bounds-${Date.now()}.mp4`, {
    method: "POST",
    headers: { cookie, origin: server.baseURL, "content-type": "application/octet-stream" },
    body: Buffer.concat([sample, Buffer.from(String(Math.random()))]),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return ((await response.json()) as { video: { id: string } }).video.id;
}

/** A CVAT for video 1.1 file of about `chars` characters: long tracks of boxes. */
function cvat(chars: number): string {
  const box = (frame: number) =>
    `<box frame="${frame}" outside="0" occluded="0" keyframe="1" xtl="1.00" ytl="2.00" xbr="30.00" ybr="60.00" z_order="0"></box>\n`;
  const parts = [
    '<?xml version="1.0"?>\n<annotations><version>1.1</version><meta><task><size>100000</size></task></meta>\n',
  ];
  let length = parts[0]?.length ?? 0;
  for (let track = 0; length < chars - 500; track++) {
    parts.push(`<track id="${track}" label="pedestrian" source="manual">\n`);
    for (let frame = 0; frame < 2000 && length < chars - 500; frame += 2) {
      const b = box(frame);
      parts.push(b);
      length += b.length;
    }
    parts.push("</track>\n");
    length += 60;
  }
  parts.push("</annotations>\n");
  return parts.join("");
}

test("the largest accepted files cost at most 2 s and 100 MB, and one past the bound is refused", async () => {
  test.setTimeout(240_000);
  const videoId = await newVideo();
  const csvLines = (n: number) =>
    `onset,offset,class\n${Array.from({ length: n }, () => "0.1,0.2,pedestrian").join("\n")}\n`;
  const cases: { name: string; content: string; format?: string }[] = [
    { name: "bomb.csv", content: csvLines(11_000) },
    { name: "identical.csv", content: csvLines(FILE_EVENTS_MAX) },
    {
      name: "spread.json",
      content: JSON.stringify(
        Array.from({ length: FILE_EVENTS_MAX }, (_, i) => ({
          onset: i / 100,
          offset: i / 100 + 0.005,
          class: "cyclist",
        })),
      ),
    },
    { name: "big.xml", content: cvat(GROUND_TRUTH_FILE_MAX_CHARS - 1000), format: "cvat" },
    {
      name: "tracks.txt",
      content: Array.from({ length: 250_000 }, (_, i) => `${(i % 5000) + 1},${Math.floor(i / 5000)},1,1,5,5,1,1,1`)
        .join("\n")
        .slice(0, GROUND_TRUTH_FILE_MAX_CHARS - 10),
      format: "mot",
    },
  ];
  const figures: Record<string, { seconds: number; riseMb: number; status: number }> = {};
  for (const c of cases) {
    expect(c.content.length, c.name).toBeLessThanOrEqual(GROUND_TRUTH_FILE_MAX_CHARS);
    const run = await measured(() =>
      trpc("groundTruth.preview", { videoId, fileName: c.name, content: c.content, format: c.format ?? "auto" }),
    );
    figures[c.name] = { seconds: run.seconds, riseMb: run.riseMb, status: run.result.status };
  }
  const workflow = await trpc("projects.create", {
    name: `Bounds ${Date.now()}`,
    cameraView: "rear",
    signalType: "gpio",
  });
  const projectId = (workflow.body as { result: { data: { json: { id: string } } } }).result.data.json.id;
  const run = await trpc("workflows.create", { projectId });
  const workflowId = (run.body as { result: { data: { json: { id: string } } } }).result.data.json.id;
  // Within the 2 s sample video: 50,000 detections 40 µs apart.
  const detections = `time,class\n${Array.from({ length: DETECTION_FILE_EVENTS_MAX }, (_, i) => `${(i / 25_000).toFixed(5)},pedestrian`).join("\n")}\n`;
  expect(detections.length).toBeLessThanOrEqual(DETECTION_FILE_MAX_CHARS);
  const imported = await measured(() =>
    trpc("results.importDetections", { workflowId, videoId, fileName: "many.csv", content: detections }),
  );
  figures["detections.csv"] = { seconds: imported.seconds, riseMb: imported.riseMb, status: imported.result.status };
  const batch = await measured(async () => {
    const paths = Array.from({ length: TRPC_BATCH_MAX }, () => "groundTruth.preview").join(",");
    const input = Object.fromEntries(
      Array.from({ length: TRPC_BATCH_MAX }, (_, i) => [
        i,
        { json: { videoId, fileName: `b${i}.csv`, content: csvLines(Math.floor(FILE_EVENTS_MAX / TRPC_BATCH_MAX)) } },
      ]),
    );
    const response = await fetch(`${server.baseURL}/api/trpc/${paths}?batch=1`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify(input),
    });
    return { status: response.status };
  });
  figures.batch = { seconds: batch.seconds, riseMb: batch.riseMb, status: batch.result.status };
  const rest = await measured(async () => {
    const response = await fetch(`${server.baseURL}/api/v1/workflow/projects/create`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({
        name: "x",
        camera_view: "rear",
        signal_type: "gpio",
        description: "d".repeat(REST_BODY_MAX_BYTES - 200),
      }),
    });
    return { status: response.status };
  });
  figures.rest = { seconds: rest.seconds, riseMb: rest.riseMb, status: rest.result.status };
  console.log(JSON.stringify(figures));
  for (const [name, f] of Object.entries(figures)) {
    expect(f.status, name).toBeLessThan(500);
    expect(f.seconds, name).toBeLessThanOrEqual(2);
    expect(f.riseMb, name).toBeLessThanOrEqual(100);
  }
  // Everything but the REST body (a description past 4000 characters) was taken.
  for (const name of ["bomb.csv", "identical.csv", "spread.json", "big.xml", "tracks.txt", "detections.csv", "batch"]) {
    expect(figures[name]?.status, name).toBe(200);
  }
  expect(figures.rest?.status).toBe(400);

  // One past each bound is refused, with the bound named.
  const over = await trpc("groundTruth.preview", {
    videoId,
    fileName: "over.csv",
    content: csvLines(FILE_EVENTS_MAX + 1),
  });
  expect(over.status).toBe(400);
  expect(JSON.stringify(over.body)).toMatch(/more than 50,000 events/);
  const tooMany = await fetch(
    `${server.baseURL}/api/trpc/${Array.from({ length: TRPC_BATCH_MAX + 1 }, () => "health.check").join(",")}?batch=1`,
    { headers: headers() },
  );
  expect(tooMany.status).toBe(400);
  const tooBig = await fetch(`${server.baseURL}/api/v1/workflow/projects/create`, {
    method: "POST",
    headers: headers(),
    body: JSON.stringify({ name: "x", description: "d".repeat(REST_BODY_MAX_BYTES) }),
  });
  expect(tooBig.status).toBe(413);
  // The server is still whole.
  expect((await fetch(`${server.baseURL}/api/v1/workflow/health`)).status).toBe(200);
});

/** A raw HTTP request whose body is sent `bytesPerSecond` at a time; resolves with the status line. */
function trickle(pathName: string, total: number, bytesPerSecond: number, extra = ""): Promise<string> {
  const { port } = new URL(server.baseURL);
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("error", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.write(
      `POST ${pathName} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${server.baseURL}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/octet-stream\r\nContent-Length: ${total}\r\n${extra}\r\n`,
    );
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || sent >= total) return clearInterval(timer);
      socket.write("x".repeat(Math.min(bytesPerSecond, total - sent)));
      sent += bytesPerSecond;
    }, 1000);
    setTimeout(() => socket.destroy(), 40_000);
  });
}

test("uploads are bounded: five at once, a trickling body, a body announced too large", async () => {
  test.setTimeout(120_000);
  // Four slow uploads hold every slot; the fifth is told to come back.
  const slow = Array.from({ length: UPLOADS_AT_ONCE }, (_, i) =>
    trickle(`/api/videos/upload?name=slow-${i}.mp4`, 10_000_000, 100_000),
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const fifth = await fetch(`${server.baseURL}/api/videos/upload?name=fifth.mp4`, {
    method: "POST",
    headers: { cookie, origin: server.baseURL, "content-type": "application/octet-stream" },
    body: Buffer.alloc(1000),
  });
  expect(fifth.status).toBe(503);
  expect(await fifth.text()).toMatch(/receiving 4 uploads already/);
  for (const s of slow) void s;

  // A small body that never finishes arriving is answered 408 within the deadline.
  const started = Date.now();
  const status = await trickle("/api/v1/workflow/projects/create", 5000, 10);
  expect(status).toMatch(/ 408 /);
  expect(Date.now() - started).toBeLessThan(15_000);

  // Announced past the bound: 413 before a byte of it is read.
  const announced = await trickle(`/api/videos/upload?name=huge.mp4`, 30 * 1024 ** 3, 0);
  expect(announced).toMatch(/ 413 /);
});

test("query strings stay out of the log; a second SIGTERM does not cut the grace period short", async () => {
  test.setTimeout(60_000);
  await fetch(`${server.baseURL}/api/trpc/health.check?input=%7B%22token%22%3A%22secret-in-the-query%22%7D`);
  await fetch(`${server.baseURL}/sign-in?password=secret-in-the-query`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(server.output()).toMatch(/"path":"\/sign-in"/);
  expect(server.output()).not.toMatch(/secret-in-the-query/);
  const started = Date.now();
  server.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.kill("SIGTERM");
  const code = await server.exited;
  expect(code).toBe(0);
  expect(server.output()).toMatch(/SIGTERM received again: already shutting down/);
  expect(Date.now() - started).toBeLessThan(30_000);
});
