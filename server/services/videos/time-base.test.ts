/**
 * The video time base (DESIGN §12) with real files made by FFmpeg: a variable-frame-rate video
 * (2 s at 30 fps, then 4 s at 15 fps) is uploaded, every frame's timestamp read with ffprobe, the
 * variable rate shown and filterable, and a MOT ground truth's frames mapped through the real
 * timestamps, not frame / fps; a video whose first frame is at 0.5 s says so.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { describe, expect, it } from "vitest";
import { readGroundTruth } from "../ground-truth/read-ground-truth";
import { listVideos } from "./list-videos";
import { uploadVideo } from "./upload-video";

const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-time-base-"));

function encode(name: string, args: string[]): string {
  const out = path.join(dir, name);
  const made = spawnSync(ffmpeg.path, [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=160x120:rate=30",
    ...args,
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-pix_fmt",
    "yuv420p",
    // Different bytes each run (a new upload, not the last run's file again).
    "-metadata",
    `comment=${process.pid}-${Date.now()}`,
    out,
  ]);
  if (made.status !== 0) throw new Error(`ffmpeg failed: ${made.stderr}`);
  return out;
}

describe("video time base", () => {
  it("reads every frame's time of a variable-frame-rate video and maps ground-truth frames through them", async () => {
    const file = encode("vfr.mp4", [
      "-frames:v",
      "120",
      "-vf",
      // In 1/60 s ticks, so every timestamp is exact: 2 ticks a frame, then 4.
      "settb=1/60,setpts='if(lt(N,60),N*2,120+(N-60)*4)'",
      "-vsync",
      "vfr",
    ]);
    const { video } = await uploadVideo(createReadStream(file), { fileName: "vfr-crossing.mp4" }, null);
    expect(video.frameCount).toBe(120);
    expect(video.variableFrameRate).toBe(true);
    expect(video.startTimeUs).toBe(0);
    expect(video.timeBaseIssues?.[0]).toMatch(/^variable frame rate: frames last 33\.3 ms to 66\.7 ms/);
    // The library finds it under "with issues".
    const listed = await listVideos({ timeBase: "issues", search: "vfr-crossing", page: 1, pageSize: 25 });
    expect(listed.videos.map((v) => v.id)).toContain(video.id);
    const plain = await listVideos({ timeBase: "unread", search: "vfr-crossing", page: 1, pageSize: 25 });
    expect(plain.videos).toEqual([]);

    // A pedestrian on frames 91–100 (MOT counts from 1): frame 91 is presented at 4.0 s, and the
    // track ends where frame 101 begins (4.667 s) — not 90 / fps and 100 / fps.
    const mot = Array.from({ length: 10 }, (_, i) => `${91 + i},1,10,10,20,40,1,1,1`).join("\n");
    const { read } = await readGroundTruth({ videoId: video.id, fileName: "gt.txt", content: mot, format: "mot" });
    expect(read.events.map((e) => [e.onsetUs, e.offsetUs])).toEqual([[4_000_000, 4_666_667]]);
    const byFps = Math.round((90 * 1e6) / (video.fps as number));
    expect(Math.abs(byFps - 4_000_000)).toBeGreaterThan(300_000);
  }, 60_000);

  it("says when the first frame is not at 0", async () => {
    const file = encode("late.mp4", ["-frames:v", "30", "-output_ts_offset", "0.5"]);
    const { video } = await uploadVideo(createReadStream(file), { fileName: "late-start.mp4" }, null);
    expect(video.variableFrameRate).toBe(false);
    expect(video.timeBaseIssues).toEqual([expect.stringMatching(/^the first frame is presented at 0\.500 s, not 0/)]);
  }, 60_000);
});
