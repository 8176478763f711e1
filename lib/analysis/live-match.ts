/**
 * Matching as detections arrive, for live views and alerts: each onset takes the earliest
 * ground-truth event not yet taken whose window `[onset − early, onset + window]` holds it. It is
 * greedy in arrival order, so it can differ from the final analysis (a maximum matching over the
 * whole session); it is what an operator sees while the session plays. Pure.
 */
export type LiveTruth = { onsetUs: number; class: string };

export class LiveMatcher {
  private readonly onsets: number[];
  private readonly taken: Uint8Array;
  private next = 0;

  constructor(
    truth: readonly LiveTruth[],
    private readonly earlyUs: number,
    private readonly windowUs: number,
  ) {
    this.onsets = truth.map((t) => t.onsetUs).sort((a, b) => a - b);
    this.taken = new Uint8Array(this.onsets.length);
  }

  /** A matcher with a run's matching settings (milliseconds). */
  static of(truth: readonly LiveTruth[], settings: { earlyToleranceMs: number; matchWindowMs: number }): LiveMatcher {
    return new LiveMatcher(
      truth,
      Math.round(settings.earlyToleranceMs * 1000),
      Math.round(settings.matchWindowMs * 1000),
    );
  }

  /** The ground-truth onset a detection onset at `t` matches now, or null. */
  match(t: number): number | null {
    // Events whose window closed before t can never match again.
    while (this.next < this.onsets.length && (this.onsets[this.next] as number) + this.windowUs < t) this.next++;
    for (let i = this.next; i < this.onsets.length; i++) {
      const onset = this.onsets[i] as number;
      if (onset - this.earlyUs > t) break;
      if (!this.taken[i]) {
        this.taken[i] = 1;
        return onset;
      }
    }
    return null;
  }
}
