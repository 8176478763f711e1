/**
 * The bounds on what one request may carry, shared by the forms (which say them before a file
 * is sent) and the server (which enforces them). Every input that grows — files, events, bodies,
 * batches — has one here, sized so that the largest accepted input costs the server well under
 * 100 MB and 2 s (checked in e2e/bounds.spec.ts); docs/security.md lists them.
 */

/** Events in one ground-truth file: far above a video's worth (an appearance every 0.15 s for 2 h). */
export const FILE_EVENTS_MAX = 50_000;

/** Characters in one ground-truth file (CVAT XML is the bulkiest: about 50,000 boxes, a 10-minute clip of three tracks at 30 fps). */
export const GROUND_TRUTH_FILE_MAX_CHARS = 6 * 1024 * 1024;

/**
 * Detections in one recorded detection file (each stored as one or two edges in the import's
 * transaction): a session's worth many times over.
 */
export const DETECTION_FILE_EVENTS_MAX = 50_000;

/** Characters in one detection file. */
export const DETECTION_FILE_MAX_CHARS = 5 * 1024 * 1024;

/** Problems a ground-truth check keeps to show (all are counted). */
export const PROBLEMS_KEPT = 20;

/** A tRPC request's body, and the calls one batch may carry. */
export const TRPC_BODY_MAX_BYTES = GROUND_TRUTH_FILE_MAX_CHARS * 2 + 64 * 1024;
export const TRPC_BATCH_MAX = 16;

/** A REST request's JSON body. */
export const REST_BODY_MAX_BYTES = 256 * 1024;

/**
 * Detection events a rig may report in one session: generous for any camera (a GPIO line
 * toggling 50 times a second through the whole video) and bounded by the video's length.
 */
const SESSION_EVENTS_PER_SECOND = 50;
const SESSION_EVENTS_BASE = 1_000;
export function sessionEventsMax(durationMs: number | null): number {
  // A video of unknown length is bounded as if it lasted an hour.
  const seconds = Math.ceil((durationMs ?? 3_600_000) / 1000);
  return SESSION_EVENTS_BASE + SESSION_EVENTS_PER_SECOND * seconds;
}

/** One video file. */
export const VIDEO_MAX_BYTES = 20 * 1024 ** 3;

/** Video uploads received at once, for the whole server. */
export const UPLOADS_AT_ONCE = 4;
