/** The simulated player: playback starts at once (anchor now) and runs `speed` times real time. */
import { monotonicNs } from "../clock";
import { type Player, tickProgress } from "./types";

export function simPlayer(speed = 1): Player {
  return {
    name: "sim",
    async play(request) {
      const anchorNs = monotonicNs();
      return { anchorNs, anchorSource: "sim", done: tickProgress(anchorNs, request.durationMs, speed, request) };
    },
  };
}
