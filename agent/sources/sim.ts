/**
 * The simulated camera: given the ground truth of the video being played, it decides — from a
 * seed, so a run can be repeated — which events it detects and when (a latency drawn between
 * min and max, skewed towards min), which it misses, its false alarms between events, and its
 * re-triggers inside events. Its detections then travel exactly the path of a real camera's
 * edges: rig time, spool, protocol, server.
 */
import { seededRandom } from "@/lib/seeded-random";

export type SimCameraOptions = {
  seed: number;
  /** Share of ground-truth events never detected. */
  missRate: number;
  /** False detections per minute of video, outside events. */
  falsePositivesPerMinute: number;
  /** Share of detected events that trigger a second time inside the event. */
  retriggerRate: number;
  latencyMinMs: number;
  latencyMaxMs: number;
  /** How long the camera's output stays active per detection. */
  pulseMs: number;
  /** Report the class of what was detected (a network camera) or not (a GPIO line). */
  withClass: boolean;
};

export const defaultSimCamera: SimCameraOptions = {
  seed: 1,
  missRate: 0.05,
  falsePositivesPerMinute: 1,
  retriggerRate: 0.1,
  latencyMinMs: 40,
  latencyMaxMs: 250,
  pulseMs: 150,
  withClass: false,
};

export type SimDetection = { onsetUs: number; offsetUs: number; class: string | null };

export function planSimDetections(
  groundTruth: readonly { onsetUs: number; offsetUs: number; class: string }[],
  durationUs: number,
  options: SimCameraOptions,
): SimDetection[] {
  const random = seededRandom(options.seed);
  const pulse = Math.round(options.pulseMs * 1000);
  const out: SimDetection[] = [];
  const latency = () => {
    const u = random() ** 2; // skewed towards the minimum, with a tail
    return Math.round((options.latencyMinMs + u * (options.latencyMaxMs - options.latencyMinMs)) * 1000);
  };
  for (const g of groundTruth) {
    if (random() < options.missRate) continue;
    const onset = g.onsetUs + latency();
    out.push({ onsetUs: onset, offsetUs: onset + pulse, class: options.withClass ? g.class : null });
    if (random() < options.retriggerRate && g.offsetUs - onset > 3 * pulse) {
      const again = onset + 2 * pulse + Math.round(random() * (g.offsetUs - onset - 3 * pulse));
      out.push({ onsetUs: again, offsetUs: again + pulse, class: options.withClass ? g.class : null });
    }
  }
  // False alarms: a Poisson process over the video, kept only outside ground truth.
  const perUs = options.falsePositivesPerMinute / 60_000_000;
  if (perUs > 0) {
    let t = 0;
    for (;;) {
      t += Math.round(-Math.log(1 - random()) / perUs);
      if (t >= durationUs) break;
      const inside = groundTruth.some((g) => t >= g.onsetUs - 100_000 && t <= g.offsetUs + 1_000_000);
      if (!inside) out.push({ onsetUs: t, offsetUs: Math.min(t + pulse, durationUs), class: null });
    }
  }
  return out.sort((a, b) => a.onsetUs - b.onsetUs);
}
