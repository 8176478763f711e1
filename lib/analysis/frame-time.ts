/**
 * Frame-accurate times: the time of a frame is its presentation time at the video's fps, in whole
 * microseconds like every stored time. Pure, so the annotation page and the importers share it.
 */

/** Presentation time of frame `frame` (0-based). */
export function frameTimeUs(frame: number, fps: number): number {
  return Math.round((frame * 1_000_000) / fps);
}

/** The frame shown at `us`: the last frame whose presentation time is not after it. */
export function frameAtUs(us: number, fps: number): number {
  // The half-microsecond slack undoes frameTimeUs's rounding, so frameAtUs(frameTimeUs(n)) === n.
  return Math.max(0, Math.floor(((us + 0.5) * fps) / 1_000_000));
}

/** Number of frames in a video of `durationUs`. */
export function frameCount(durationUs: number, fps: number): number {
  return Math.max(1, Math.round((durationUs * fps) / 1_000_000));
}

/**
 * When each frame of a video is presented, µs from its first frame: from the file's own frame
 * timestamps where they were read (a variable frame rate, or gaps, are then honoured), else from
 * its frame rate. Frames past the last known one follow at the nominal rate.
 */
export type FrameClock = { timeUs(frame: number): number };

export function frameClock(fps: number, framesUs?: readonly number[] | null): FrameClock {
  if (!framesUs || framesUs.length === 0) return { timeUs: (frame) => frameTimeUs(frame, fps) };
  const first = framesUs[0] as number;
  const last = framesUs.length - 1;
  return {
    timeUs(frame) {
      if (frame <= 0) return frameTimeUs(frame, fps);
      if (frame <= last) return (framesUs[frame] as number) - first;
      return (framesUs[last] as number) - first + frameTimeUs(frame - last, fps);
    },
  };
}
