/**
 * External playback (a media player the operator starts): video time 0 is a sync pulse on a
 * second GPIO line (a photodiode on the screen) when the source watches one, otherwise the moment
 * the operator presses Enter.
 */
import { createInterface } from "node:readline";
import { monotonicNs } from "../clock";
import { type Player, tickProgress } from "./types";

export function externalPlayer(log: (message: string) => void): Player {
  return {
    name: "none",
    async play(request) {
      let anchorNs: bigint;
      let anchorSource: "sync-pulse" | "operator";
      if (request.syncPulse) {
        log("waiting for the sync pulse: start the video on the screen in front of the camera");
        anchorNs = await request.syncPulse;
        anchorSource = "sync-pulse";
      } else {
        log("start the video in front of the camera and press Enter at its first frame");
        const lines = createInterface({ input: process.stdin });
        await new Promise<void>((resolve) => lines.once("line", () => resolve()));
        lines.close();
        anchorNs = monotonicNs();
        anchorSource = "operator";
      }
      return { anchorNs, anchorSource, done: tickProgress(anchorNs, request.durationMs, 1, request) };
    },
  };
}
