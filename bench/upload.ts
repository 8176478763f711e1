/**
 * Benchmark of a large upload (prints one JSON object; not a test): the production server on a
 * fresh data dir and embedded PostgreSQL; an admin signs in over HTTP and uploads BENCH_UPLOAD_MB
 * (default 1024) through /api/videos/upload — a real tiny MP4 followed by that much padding,
 * which ffprobe reads as the video it is — while the server's resident memory (VmRSS of its
 * process, read from /proc) is sampled every 50 ms. Memory that stays flat while a gigabyte
 * passes shows the file is streamed, not buffered. Builds the app first if there is no build.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { firstAdminCookie, startServer, stopServer } from "@/e2e/fixtures/server-process";
import { freePort } from "@/server/testing/processes";

const MB = Number(process.env.BENCH_UPLOAD_MB ?? 1024);
const root = path.resolve(import.meta.dirname, "..");

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** The sample video, then MB of zeros, a MiB at a time. */
function body(): ReadableStream<Uint8Array> {
  const sample = readFileSync(path.join(root, "e2e/fixtures/media/sample.mp4"));
  const chunk = new Uint8Array(1024 * 1024);
  let sent = -1;
  return new ReadableStream({
    pull(controller) {
      if (sent === -1) controller.enqueue(new Uint8Array(sample));
      else if (sent < MB) controller.enqueue(chunk);
      else controller.close();
      sent++;
    },
  });
}

async function main() {
  const build = spawnSync(process.execPath, ["scripts/build-if-missing.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("the build failed");
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "sightline-bench-upload-"));
  const server = await startServer({ port: await freePort(), dataDir });
  const pid = server.child.pid as number;
  try {
    const cookie = await firstAdminCookie(server.baseURL, {
      email: "bench@upload.sightline",
      password: "bench-password-1234",
    });
    // Warm-up: the first request loads the route's code; measure the large upload after it.
    await fetch(`${server.baseURL}/api/videos/upload?name=warm-up.mp4`, {
      method: "POST",
      body: readFileSync(path.join(root, "e2e/fixtures/media/sample.mp4")),
      headers: { cookie, "content-type": "application/octet-stream", origin: server.baseURL },
    });
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 50);
    const started = performance.now();
    const response = await fetch(`${server.baseURL}/api/videos/upload?name=large.mp4`, {
      method: "POST",
      body: body(),
      headers: { cookie, "content-type": "application/octet-stream", origin: server.baseURL },
      duplex: "half",
    } as RequestInit);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const result = (await response.json()) as {
      video?: { sizeBytes: number; durationMs: number };
      error?: { message: string };
    };
    if (!response.ok || !result.video) throw new Error(`upload refused: ${result.error?.message ?? response.status}`);
    const after = rssMb(pid);
    const round = (x: number) => Math.round(x * 10) / 10;
    process.stdout.write(
      `${JSON.stringify({
        bytes: result.video.sizeBytes,
        seconds: round(seconds),
        mb_per_s: round(result.video.sizeBytes / 1024 / 1024 / seconds),
        rss_mb: { before: round(before), peak: round(peak), after: round(after), growth: round(peak - before) },
      })}\n`,
    );
  } finally {
    await stopServer(server);
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:upload failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
