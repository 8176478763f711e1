/**
 * The simulated camera as a source: at each session it plays out its planned detections in time,
 * on the (simulated) screen's clock; at a calibration, what a photodiode or the camera sees of
 * the flashes.
 */
import type { SessionAssignment } from "@/lib/rig-protocol";
import { seededRandom } from "@/lib/seeded-random";
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

type Timed = { atNs: bigint; line: string; edge: "rising" | "falling"; class: string | null; sync?: boolean };

/**
 * What the simulated rig sees of a calibration video: the photodiode's edges (sync line) while
 * the patch is lit on the screen, or — the camera watching the patch — the camera's, a latency
 * drawn between min and max later.
 */
function calibrationEdges(
  calibration: NonNullable<SessionAssignment["calibration"]>,
  visibleNs: (videoUs: number) => bigint,
  options: Partial<SimCameraOptions>,
  seed: number,
  line: string,
): Timed[] {
  const random = seededRandom(seed);
  const min = options.latencyMinMs ?? defaultSimCamera.latencyMinMs;
  const max = options.latencyMaxMs ?? defaultSimCamera.latencyMaxMs;
  return calibration.flashesUs.flatMap((flashUs) => {
    const on = visibleNs(flashUs);
    const off = visibleNs(flashUs + calibration.flashUs);
    if (calibration.signal === "sync") {
      return [
        { atNs: on, line: "sync", edge: "rising" as const, class: null, sync: true },
        { atNs: off, line: "sync", edge: "falling" as const, class: null, sync: true },
      ];
    }
    const camera = BigInt(Math.round((min + random() * (max - min)) * 1e6));
    return [
      { atNs: on + camera, line, edge: "rising" as const, class: null },
      { atNs: on + camera + BigInt(defaultSimCamera.pulseMs * 1e6), line, edge: "falling" as const, class: null },
    ];
  });
}

export function simSource(options: Partial<SimCameraOptions> = {}, line = "sim"): Source {
  return {
    name: "sim",
    eventClock: () => "simulated (edges at the planned rig times)",
    async start() {},
    async session({ assignment, anchorNs, speed, signal, emit, visibleNs }) {
      const durationUs = (assignment.video.durationMs ?? 0) * 1000;
      const seed = simSeedFor(options.seed ?? defaultSimCamera.seed, assignment.video.id);
      // The frame at a video time reaches the camera when the (simulated) screen shows it.
      const screen = visibleNs ?? ((videoUs: number) => anchorNs + BigInt(Math.round(videoUs * 1000)));
      let timed: Timed[];
      if (assignment.calibration) {
        timed = calibrationEdges(assignment.calibration, screen, options, seed, line);
      } else {
        const plan = planSimDetections(assignment.groundTruth ?? [], durationUs, {
          ...defaultSimCamera,
          ...options,
          seed,
        });
        timed = plan
          .flatMap((d) => [
            { atUs: d.onsetUs, edge: "rising" as const, class: d.class },
            { atUs: d.offsetUs, edge: "falling" as const, class: d.class },
          ])
          .filter((e) => e.atUs <= durationUs)
          .map((e) => ({ atNs: screen(e.atUs), line, edge: e.edge, class: e.class }));
      }
      timed.sort((a, b) => (a.atNs < b.atNs ? -1 : a.atNs > b.atNs ? 1 : 0));
      for (const e of timed) {
        // Video time runs `speed` times real time: the edge is emitted when its time comes.
        const dueNs = anchorNs + ((e.atNs - anchorNs) / BigInt(Math.max(1, Math.round(speed * 1000)))) * 1000n;
        const waitMs = Number(dueNs - process.hrtime.bigint()) / 1e6;
        if (waitMs > 0) await sleep(waitMs, signal);
        emit({ line: e.line, edge: e.edge, rigNs: e.atNs, class: e.class, sync: e.sync });
      }
    },
    stop() {},
  };
}
