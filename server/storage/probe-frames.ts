/**
 * Every frame's presentation time in a video file, read with ffprobe from the packets of its
 * first video stream (no decoding: fast even for long files), in µs, sorted (B-frames arrive out
 * of presentation order). Bounded: a file with more frames than FRAMES_MAX keeps none.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import ffprobe from "@ffprobe-installer/ffprobe";

/** Five and a half hours at 30 fps. */
export const FRAMES_MAX = 600_000;
const TIMEOUT_MS = 120_000;

export type FrameTimes = { framesUs: number[] } | { tooMany: true } | { unreadable: string };

export function probeFrameTimes(file: string): Promise<FrameTimes> {
  return new Promise((resolve) => {
    const child = spawn(
      ffprobe.path,
      ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", file],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const framesUs: number[] = [];
    let tooMany = false;
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (tooMany) return;
      const seconds = Number.parseFloat(line.split(",")[0] ?? "");
      if (!Number.isFinite(seconds)) return; // N/A: a packet without a timestamp
      if (framesUs.length >= FRAMES_MAX) {
        tooMany = true;
        child.kill("SIGKILL");
        return;
      }
      framesUs.push(Math.round(seconds * 1e6));
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ unreadable: error.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (tooMany) return resolve({ tooMany: true });
      if (signal === "SIGKILL")
        return resolve({ unreadable: `reading its frames took longer than ${TIMEOUT_MS / 1000} s` });
      if (code !== 0)
        return resolve({
          unreadable: stderr.trim().split("\n").at(-1)?.replaceAll(file, "the file") ?? `exit ${code}`,
        });
      resolve({ framesUs: framesUs.sort((a, b) => a - b) });
    });
  });
}
