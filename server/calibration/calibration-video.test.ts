/**
 * The calibration video as `sightline calibration video` writes it, decoded again with FFmpeg:
 * the corner patch is white on exactly the frames its frame list names (and nowhere else), the
 * rest of the picture stays black, and the video has as many frames as the list says.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { describe, expect, it } from "vitest";
import type { FlashSchedule } from "@/lib/calibration/flash-schedule";
import { flashSchedule } from "@/lib/calibration/flash-schedule";
import { runSightline } from "../testing/run-sightline";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-calibration-"));

/** Mean brightness (0–255) of a square of the picture, frame by frame, decoded by FFmpeg. */
function brightness(file: string, square: { x: number; y: number; size: number }): number[] {
  const raw = execFileSync(
    ffmpeg.path,
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-i",
      file,
      "-vf",
      `crop=${square.size}:${square.size}:${square.x}:${square.y},scale=1:1:flags=area,format=gray`,
      "-vsync",
      "passthrough",
      "-f",
      "rawvideo",
      "-",
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return [...raw];
}

describe("sightline calibration video", () => {
  it("flashes the patch on exactly the listed frames", async () => {
    const out = path.join(scratch, "calibration.mp4");
    const run = await runSightline(["calibration", "video", "--out", out, "--flashes", "25", "--fps", "25"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/25 flashes of 3 frames/);
    const schedule = JSON.parse(readFileSync(`${out}.frames.json`, "utf8")) as FlashSchedule;
    expect(schedule).toEqual(flashSchedule({ flashes: 25, fps: 25 }));
    // Irregular: no two consecutive gaps alike throughout would be a coincidence; a periodic list has one gap.
    const gaps = new Set(schedule.flashes.slice(1).map((f, i) => f.frame - (schedule.flashes[i]?.frame ?? 0)));
    expect(gaps.size).toBeGreaterThan(5);

    const patch = brightness(out, schedule.patch);
    expect(patch).toHaveLength(schedule.frames);
    const lit = new Set(
      schedule.flashes.flatMap((f) => Array.from({ length: schedule.flashFrames }, (_, k) => f.frame + k)),
    );
    const wrong = patch.flatMap((value, frame) => (value > 128 !== lit.has(frame) ? [`${frame}: ${value}`] : []));
    expect(wrong).toEqual([]);
    const elsewhere = brightness(out, { x: 320, y: 160, size: 120 });
    expect(Math.max(...elsewhere)).toBeLessThan(40);
  }, 60_000);

  it("refuses bad options with one line", async () => {
    const out = path.join(scratch, "bad.mp4");
    const few = await runSightline(["calibration", "video", "--out", out, "--flashes", "3"]);
    expect(few.code).not.toBe(0);
    expect(few.stderr).toMatch(/--flashes must be at least 10/);
    const name = await runSightline(["calibration", "video", "--out", path.join(scratch, "x.avi")]);
    expect(name.stderr).toMatch(/--out must name an .mp4 file/);
  });
});
