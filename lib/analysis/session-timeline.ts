/**
 * One session's events marked as its evaluation decided: each ground-truth event detected (with
 * its latency) or missed, each detection a true positive, a re-trigger or a false positive. The
 * results page's timeline and the report's are made from it. Pure; times in ms of video.
 */
import type { StoredDetection } from "./detection-edges";
import type { SessionOutcomes, StoredGroundTruth } from "./evaluate-run";

const ms = (us: number) => us / 1000;

export function sessionTimeline(
  truth: readonly StoredGroundTruth[],
  detections: readonly StoredDetection[],
  outcomes: Pick<SessionOutcomes, "matches" | "retriggers" | "early"> | null,
) {
  const early = new Set(outcomes?.early);
  const byTruth = new Map(outcomes?.matches.map((m) => [m.groundTruthId, m]));
  const byDetection = new Map(outcomes?.matches.map((m) => [m.detectionId, m]));
  const retriggers = new Set(outcomes?.retriggers);
  return {
    groundTruth: truth.map((g) => {
      const match = byTruth.get(g.id);
      return {
        id: g.id,
        class: g.class,
        onsetMs: ms(g.onsetUs),
        offsetMs: ms(g.offsetUs),
        outcome: match ? ("tp" as const) : ("fn" as const),
        latencyMs: match?.latencyMs ?? null,
        notBeforeMs: g.notBeforeUs == null ? null : ms(g.notBeforeUs),
        deadlineMs: g.deadlineUs == null ? null : ms(g.deadlineUs),
        marginMs: match?.marginMs ?? null,
      };
    }),
    detections: detections.map((d) => ({
      id: d.id,
      class: d.class ?? null,
      onsetMs: ms(d.onsetUs),
      offsetMs: d.offsetUs == null ? null : ms(d.offsetUs),
      outcome: byDetection.has(d.id)
        ? ("tp" as const)
        : retriggers.has(d.id)
          ? ("retrigger" as const)
          : ("fp" as const),
      latencyMs: byDetection.get(d.id)?.latencyMs ?? null,
      early: early.has(d.id),
    })),
  };
}
