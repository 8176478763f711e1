/**
 * Rig time is CLOCK_MONOTONIC, read by process.hrtime.bigint() — the same clock as the kernel's
 * GPIO edge timestamps. The offset to the server's clock is estimated from socket round trips
 * (the sample with the shortest round trip bounds the error best), never from wall clocks.
 */
export const monotonicNs = (): bigint => process.hrtime.bigint();

export type ClockSample = { sentNs: bigint; receivedNs: bigint; serverNs: bigint };

/** Server clock − agent clock, from the round trip with the least delay. */
export function estimateOffsetNs(samples: readonly ClockSample[]): bigint | null {
  let best: ClockSample | null = null;
  for (const s of samples) {
    if (!best || s.receivedNs - s.sentNs < best.receivedNs - best.sentNs) best = s;
  }
  if (!best) return null;
  return best.serverNs - (best.sentNs + best.receivedNs) / 2n;
}
