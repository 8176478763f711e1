#!/usr/bin/env node
/**
 * `npm run samples`: makes samples/crossing-40s.mp4 from samples/crossing-ground-truth.json with
 * the FFmpeg of the `@ffmpeg-installer/ffmpeg` package: a grey road with lane markings, and for
 * every event a figure crossing it from its onset to its offset (pedestrians orange and upright,
 * cyclists blue and wide), so the picture and the ground truth agree to the frame. Skipped when
 * the video is newer than the ground truth. Prints the path of the video.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, renameSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const truthFile = path.join(root, "samples/crossing-ground-truth.json");
const videoFile = path.join(root, "samples/crossing-40s.mp4");
const SECONDS = 40;
const FPS = 25;
const [W, H] = [640, 360];

const figures = {
  pedestrian: { colour: "0xf08c28", w: 28, h: 76, y: 196 },
  cyclist: { colour: "0x3c8cdc", w: 70, h: 56, y: 214 },
};

function filterGraph(events) {
  const parts = [
    `color=c=0x6b7076:s=${W}x${H}:d=${SECONDS}:r=${FPS}[road0]`,
    // Kerb and lane markings, drawn once on the road.
    `[road0]drawbox=x=0:y=150:w=${W}:h=10:color=0xd0d0d0:t=fill,drawbox=x=0:y=300:w=${W}:h=6:color=0xf0f0f0:t=fill[road]`,
  ];
  let last = "road";
  events.forEach((event, i) => {
    const figure = figures[event.class];
    if (!figure) throw new Error(`samples: no figure for class ${event.class}`);
    const span = event.offset - event.onset;
    // Across the frame from left to right between onset and offset (fully in view the whole time).
    const x = `${10}+(t-${event.onset})/${span}*${W - figure.w - 20}`;
    parts.push(`color=c=${figure.colour}:s=${figure.w}x${figure.h}:d=${SECONDS}:r=${FPS}[f${i}]`);
    parts.push(
      `[${last}][f${i}]overlay=x='${x}':y=${figure.y}:enable='between(t,${event.onset},${event.offset - 1 / FPS})'[v${i}]`,
    );
    last = `v${i}`;
  });
  return { graph: parts.join(";"), out: last };
}

function run(file, args) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg failed: ${stderr.trim().split("\n").slice(-3).join(" ")}`));
      else resolve();
    });
  });
}

async function main() {
  if (existsSync(videoFile) && statSync(videoFile).mtimeMs >= statSync(truthFile).mtimeMs) {
    process.stdout.write(`${videoFile}\n`);
    return;
  }
  const { events } = JSON.parse(readFileSync(truthFile, "utf8"));
  const require = createRequire(import.meta.url);
  let ffmpeg;
  try {
    ffmpeg = require("@ffmpeg-installer/ffmpeg").path;
  } catch {
    throw new Error("samples: the @ffmpeg-installer/ffmpeg package is missing: run npm install");
  }
  const { graph, out } = filterGraph(events);
  const partial = `${videoFile}.part.mp4`;
  await run(ffmpeg, [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-filter_complex",
    graph,
    "-map",
    `[${out}]`,
    "-t",
    String(SECONDS),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "28",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
    partial,
  ]);
  // Whole or not at all: a run cut short leaves no half video behind under the real name.
  renameSync(partial, videoFile);
  process.stdout.write(`${videoFile}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
