/**
 * The simulated player: playback starts at once (anchor now) and runs `speed` times real time.
 * With a simulated display (./sim-display.ts) its frames reach the screen late, as on a monitor.
 */
import { monotonicNs } from "../clock";
import { type SimDisplayOptions, simDisplay } from "./sim-display";
import { type Player, tickProgress } from "./types";

export function simPlayer(speed = 1, display?: SimDisplayOptions): Player {
  return {
    name: "sim",
    async play(request) {
      const anchorNs = monotonicNs();
      return {
        anchorNs,
        anchorSource: "sim",
        done: tickProgress(anchorNs, request.durationMs, speed, request),
        visibleNs: display ? simDisplay(display, anchorNs) : undefined,
      };
    },
  };
}
