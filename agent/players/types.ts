/** A player shows the session's video to the camera and says when video time 0 was on screen. */
type Playback = {
  /** CLOCK_MONOTONIC ns at video time 0. */
  anchorNs: bigint;
  anchorSource: "player" | "sync-pulse" | "operator" | "sim";
  /** Resolves when playback has ended. */
  done: Promise<void>;
  /** The simulated display: when a video time's frame is on screen (rig ns). */
  visibleNs?: (videoUs: number) => bigint;
};

export type PlayRequest = {
  /** Local file of the video (null for the simulated player, which needs none). */
  file: string | null;
  durationMs: number;
  signal: AbortSignal;
  onProgress: (positionMs: number) => void;
  /** For `none`: resolves with the sync pulse's rig time when the source sees it. */
  syncPulse?: Promise<bigint>;
};

export type Player = { name: string; play(request: PlayRequest): Promise<Playback> };

/** Waits, or rejects as soon as the signal aborts (its listener goes once the wait is over). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Reports the position every `everyMs` until playback ends. */
export async function tickProgress(
  anchorNs: bigint,
  durationMs: number,
  speed: number,
  request: PlayRequest,
  everyMs = 500,
): Promise<void> {
  for (;;) {
    const elapsedMs = (Number(process.hrtime.bigint() - anchorNs) / 1e6) * speed;
    if (elapsedMs >= durationMs) {
      request.onProgress(durationMs);
      return;
    }
    request.onProgress(Math.floor(elapsedMs));
    await sleep(Math.min(everyMs, (durationMs - elapsedMs) / speed + 1), request.signal);
  }
}
