/** The simulated camera as a source: at each session it plays out its planned detections in time. */
import { sleep } from "../players/types";
import { defaultSimCamera, planSimDetections, type SimCameraOptions } from "./sim";
import type { Source } from "./types";

export function simSource(options: Partial<SimCameraOptions> = {}, line = "sim"): Source {
  let sessions = 0;
  return {
    name: "sim",
    async start() {},
    async session({ assignment, anchorNs, speed, signal, emit }) {
      const durationUs = (assignment.video.durationMs ?? 0) * 1000;
      // A different, repeatable draw per session of this agent.
      const plan = planSimDetections(assignment.groundTruth ?? [], durationUs, {
        ...defaultSimCamera,
        ...options,
        seed: (options.seed ?? defaultSimCamera.seed) + sessions++,
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
