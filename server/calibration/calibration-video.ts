/**
 * Encodes the calibration video (lib/calibration/flash-schedule.ts) with the FFmpeg binary of the
 * `@ffmpeg-installer/ffmpeg` package: black 640×360 frames whose top-left patch is white during
 * each flash, H.264 at a constant frame rate, with its frame list beside it as JSON. Written under
 * a temporary name and renamed when whole.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { type FlashSchedule, flashSchedule } from "@/lib/calibration/flash-schedule";
import { canonicalJson } from "@/lib/canonical-json";
import { env } from "../env";

function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg failed (exit ${code}): ${stderr.trim().split("\n").at(-1)}`)),
    );
  });
}

/** The frame-exact filter: the patch drawn white on the frames of every flash (`n` is the frame number). */
function patchFilter(s: FlashSchedule): string {
  const on = s.flashes.map((f) => `between(n,${f.frame},${f.frame + s.flashFrames - 1})`).join("+");
  return `drawbox=x=${s.patch.x}:y=${s.patch.y}:w=${s.patch.size}:h=${s.patch.size}:color=white:t=fill:enable='${on}'`;
}

/** Writes `out` (MP4) and `out` + ".frames.json"; returns the schedule. */
export async function writeCalibrationVideo(
  out: string,
  options: { flashes: number; fps: number; seed?: number },
): Promise<FlashSchedule> {
  const schedule = flashSchedule(options);
  const partial = `${out}.part.mp4`;
  try {
    await run(ffmpeg.path, [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `color=c=black:s=${schedule.width}x${schedule.height}:r=${schedule.fps}`,
      "-vf",
      patchFilter(schedule),
      "-frames:v",
      String(schedule.frames),
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "18",
      "-pix_fmt",
      "yuv420p",
      // Constant frame rate, every frame kept: the flashes' times are frame times (this FFmpeg,
      // 4.1, spells it -vsync).
      "-vsync",
      "cfr",
      "-movflags",
      "+faststart",
      partial,
    ]);
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  writeFileSync(`${out}.frames.json`, canonicalJson(schedule));
  return schedule;
}

/** Generations in progress, by file: two requests for the same video wait for one encoder. */
const making = new Map<string, Promise<CachedCalibrationVideo>>();

export type CachedCalibrationVideo = { file: string; sha256: string; size: number; schedule: FlashSchedule };

/**
 * The calibration video of these settings, encoded once and kept in the data directory
 * (SIGHTLINE_DATA_DIR/calibration), with its sha256 for the rig's cache.
 */
export function cachedCalibrationVideo(options: {
  flashes: number;
  fps: number;
  seed: number;
}): Promise<CachedCalibrationVideo> {
  const dir = path.join(env.SIGHTLINE_DATA_DIR, "calibration");
  const file = path.join(dir, `calibration-${options.flashes}f-${options.fps}fps-${options.seed}.mp4`);
  const existing = making.get(file);
  if (existing) return existing;
  const made = (async () => {
    if (!existsSync(file) || !existsSync(`${file}.frames.json`)) {
      mkdirSync(dir, { recursive: true });
      await writeCalibrationVideo(file, options);
    }
    const bytes = readFileSync(file);
    return {
      file,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
      schedule: flashSchedule(options),
    };
  })().finally(() => making.delete(file));
  making.set(file, made);
  return made;
}
