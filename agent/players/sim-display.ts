/**
 * The simulated display between the player and the camera (DESIGN §12): the frame the player
 * shows at video time t reaches the screen at anchor + t·(1 + drift) + a latency drawn from a
 * normal distribution (never below zero), from a seed, so a calibration can be checked against
 * the display it measured. Without a latency the screen is the player (latency 0, no drift).
 */
import { seededRandom } from "@/lib/seeded-random";

export type SimDisplayOptions = { latencyMeanMs: number; latencySdMs: number; driftPpm: number; seed: number };

/** "35" or "35±4" / "35+-4" / "35,4": mean and SD in milliseconds. */
export function parseDisplayLatency(text: string): { latencyMeanMs: number; latencySdMs: number } | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:(?:±|\+-|,)\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!match) return null;
  const mean = Number(match[1]);
  const sd = match[2] === undefined ? 0 : Number(match[2]);
  if (mean > 10_000 || sd > 1000) return null;
  return { latencyMeanMs: mean, latencySdMs: sd };
}

/** One standard normal draw (Box–Muller) from a uniform source. */
function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** When each video time's frame reaches the screen, for a playback anchored at `anchorNs`. */
export function simDisplay(options: SimDisplayOptions, anchorNs: bigint): (videoUs: number) => bigint {
  const random = seededRandom(options.seed);
  const scale = 1 + options.driftPpm * 1e-6;
  return (videoUs) => {
    const latencyUs = Math.max(0, (options.latencyMeanMs + options.latencySdMs * normal(random)) * 1000);
    return anchorNs + BigInt(Math.round((videoUs * scale + latencyUs) * 1000));
  };
}
