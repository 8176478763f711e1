/**
 * The calibration video's flashes (DESIGN §12): a corner patch shown white for a few frames at
 * known, irregular frames, so that edges a photodiode (or the camera) reports can be paired with
 * flashes one to one without ambiguity. Gaps are drawn at random between 0.6 s and 1.4 s from a
 * seed, so the schedule is reproducible and never periodic. Pure.
 */
import { seededRandom } from "../seeded-random";

export type FlashSchedule = {
  fps: number;
  /** Frames the video has (the last flash ends, then one quiet second). */
  frames: number;
  /** How many frames each flash lasts. */
  flashFrames: number;
  /** The patch, in pixels from the top left of a width × height frame. */
  width: number;
  height: number;
  patch: { x: number; y: number; size: number };
  /** The first frame of each flash (0-based) and its presentation time. */
  flashes: { frame: number; timeMs: number }[];
  seed: number;
};

export const CALIBRATION_LIMITS = { flashes: { min: 10, max: 600 }, fps: { min: 10, max: 120 } } as const;

export function flashSchedule(options: { flashes: number; fps: number; seed?: number }): FlashSchedule {
  const { flashes: count, fps } = options;
  const seed = options.seed ?? 20261204;
  const random = seededRandom(seed);
  // A flash of about 100 ms, at least 2 frames, so that no player drops it whole.
  const flashFrames = Math.max(2, Math.round(fps * 0.1));
  const flashes: FlashSchedule["flashes"] = [];
  let frame = Math.round(fps); // a quiet first second
  for (let i = 0; i < count; i++) {
    flashes.push({ frame, timeMs: (frame * 1000) / fps });
    // At least 600 ms apart: the pairing windows (display-latency.ts) span 600 ms and never overlap.
    const gap = Math.max(flashFrames + 2, Math.ceil(fps * 0.6), Math.round(fps * (0.6 + 0.8 * random())));
    frame += gap;
  }
  const last = flashes.at(-1)?.frame ?? 0;
  return {
    fps,
    frames: last + flashFrames + Math.round(fps),
    flashFrames,
    width: 640,
    height: 360,
    patch: { x: 0, y: 0, size: 120 },
    flashes,
    seed,
  };
}
