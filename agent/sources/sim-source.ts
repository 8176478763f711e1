/** The simulated camera as a source: at each session it plays out its planned detections in time. */
import { sleep } from "../players/types";
import { defaultSimCamera, planSimDetections, type SimCameraOptions } from "./sim";
import type { Source } from "./types";

/**
 * The draw of one video: the same video plays out the same way on every rig with the same seed,
 * however often it is played (a replayed session repeats its detections, as a deterministic
 * camera would), while different videos get different draws. FNV-1a of the video id, mixed in.
 */
export function simSeedFor(seed: number, videoId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < videoId.length; i++) {
    hash ^= videoId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
}

export function simSource(options: Partial<SimCameraOptions> = {}, line = "sim"): Source {
  return {
    name: "sim",
    async start() {},
    async session({ assignment, anchorNs, speed, signal, emit }) {
      const durationUs = (assignment.video.durationMs ?? 0) * 1000;
      const plan = planSimDetections(assignment.groundTruth ?? [], durationUs, {
        ...defaultSimCamera,
        ...options,
        seed: simSeedFor(options.seed ?? defaultSimCamera.seed, assignment.video.id),
      });
      const edges = plan
        .flatMap((d) => [
          { atUs: d.onsetUs, edge: "rising" as const, class: d.class },
          { atUs: d.offsetUs, edge: "falling" as const, class: d.class },
        ])
        .filter((e) => e.atUs <= durationUs)
        .sort((a, b) => a.atUs - b.atUs);
      for (const e of edges) {
        const dueNs = anchorNs + BigInt(Math.round((e.atUs * 1000) / speed));
        const waitMs = Number(dueNs - process.hrtime.bigint()) / 1e6;
        if (waitMs > 0) await sleep(waitMs, signal);
        // The simulated edge happened at its video time: rig time = anchor + video time.
        emit({ line, edge: e.edge, rigNs: anchorNs + BigInt(e.atUs) * 1000n, class: e.class });
      }
    },
    stop() {},
  };
}
