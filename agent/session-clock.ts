/**
 * The clock through a session (DESIGN §12): one round trip to the server's clock a second while
 * the session plays, each kept as (video time, offset, round trip), sent with the session's end.
 * Bounded: past MAX_CLOCK_SAMPLES every other sample is dropped and the pace halves, so a very
 * long session keeps an even record of its whole length.
 */
import { type ClockSample, MAX_CLOCK_SAMPLES } from "@/lib/rig-protocol";
import type { ClockSample as RoundTrip } from "./clock";

export class SessionClock {
  private readonly samples: ClockSample[] = [];
  private everyMs = 1000;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = false;

  constructor(
    private readonly anchorNs: bigint,
    private readonly sample: () => Promise<RoundTrip | null>,
  ) {}

  start(): void {
    void this.take();
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.take();
      this.schedule();
    }, this.everyMs);
    this.timer.unref();
  }

  private async take(): Promise<void> {
    if (this.inFlight) return; // a round trip still unanswered: the next tick tries again
    this.inFlight = true;
    try {
      const s = await this.sample();
      if (!s) return;
      const midNs = (s.sentNs + s.receivedNs) / 2n;
      this.samples.push({
        atUs: Number((midNs - this.anchorNs) / 1000n),
        offsetNs: (s.serverNs - midNs).toString(),
        rttNs: Number(s.receivedNs - s.sentNs),
      });
      if (this.samples.length >= MAX_CLOCK_SAMPLES) {
        const kept = this.samples.filter((_, i) => i % 2 === 0);
        this.samples.splice(0, this.samples.length, ...kept);
        this.everyMs *= 2;
      }
    } finally {
      this.inFlight = false;
    }
  }

  /** Stops sampling; the samples taken. */
  stop(): ClockSample[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return [...this.samples];
  }
}
