/**
 * A video's time base (DESIGN §12), from every frame's presentation time as the file states it:
 * how many frames, when the first is presented, whether the frame rate is constant, and whether
 * the frames agree with duration × fps. Each finding is a sentence for the video page; a video
 * with none has an honest time base. Pure.
 */

export type TimeBase = {
  frames: number;
  /** The first frame's presentation time in the file, µs (0 for most files). */
  startUs: number;
  /** Shortest and longest frame duration, µs (null with fewer than two frames). */
  frameUs: { min: number; max: number; median: number } | null;
  variableFrameRate: boolean;
  /** round(duration × fps): what the file's header promises. */
  expectedFrames: number | null;
  issues: string[];
};

/** A frame lasting more than this much longer or shorter than the median makes the rate variable. */
const TOLERANCE = 0.1;
/** A first frame later than this is a non-zero start. */
const START_SLACK_US = 500;

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

export function timeBaseOf(
  framesUs: readonly number[],
  meta: { fps: number | null; durationMs: number | null },
): TimeBase {
  const sorted = [...framesUs].sort((a, b) => a - b);
  const frames = sorted.length;
  const startUs = sorted[0] ?? 0;
  const issues: string[] = [];
  let frameUs: TimeBase["frameUs"] = null;
  let variableFrameRate = false;
  if (frames >= 2) {
    const durations = sorted.slice(1).map((t, i) => t - (sorted[i] as number));
    const ordered = [...durations].sort((a, b) => a - b);
    const median = ordered[Math.floor(ordered.length / 2)] as number;
    frameUs = { min: ordered[0] as number, max: ordered.at(-1) as number, median };
    const off = durations.filter((d) => Math.abs(d - median) > TOLERANCE * median).length;
    variableFrameRate = off > 0;
    if (variableFrameRate) {
      issues.push(
        `variable frame rate: frames last ${ms(frameUs.min)} to ${ms(frameUs.max)} (${off} of ${durations.length} differ from the usual ${ms(median)}); ground truth by frame uses each frame's own time`,
      );
    }
  }
  if (Math.abs(startUs) > START_SLACK_US) {
    issues.push(
      `the first frame is presented at ${(startUs / 1e6).toFixed(3)} s, not 0: players start the video there, and times are counted from it`,
    );
  }
  const expectedFrames = meta.fps && meta.durationMs ? Math.round((meta.durationMs / 1000) * meta.fps) : null;
  if (expectedFrames !== null && Math.abs(expectedFrames - frames) > 1) {
    issues.push(
      `${frames} frames, where duration × frame rate (${(meta.durationMs as number) / 1000} s × ${+(meta.fps as number).toFixed(3)} fps) gives ${expectedFrames}: frame numbers and times disagree`,
    );
  }
  return { frames, startUs, frameUs, variableFrameRate, expectedFrames, issues };
}
