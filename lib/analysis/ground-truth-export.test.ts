/** Exported ground truth imports back to the same events, in every format. */
import { describe, expect, it } from "vitest";
import { exportGroundTruth } from "./ground-truth-export";
import { readCvatVideo, readEventListGroundTruth, readMot } from "./ground-truth-formats";

const video = { fileName: "clip.mp4", fps: 25, durationMs: 10_000 };
// Frame-aligned at 25 fps (40 ms frames).
const events = [
  { class: "pedestrian", onsetUs: 1_000_000, offsetUs: 1_800_000, trackId: "p1", zone: "near, left" },
  { class: "cyclist", onsetUs: 4_040_000, offsetUs: 5_200_000, trackId: null, zone: null },
];
const key = (e: { class: string; onsetUs: number; offsetUs: number }) => [e.class, e.onsetUs, e.offsetUs];

describe("exportGroundTruth", () => {
  it("round-trips through CSV and JSON exactly", () => {
    const csv = exportGroundTruth(events, "csv", video);
    expect(readEventListGroundTruth(csv.body, "gt.csv").events.map(key)).toEqual(events.map(key));
    const json = exportGroundTruth(events, "json", video);
    expect(readEventListGroundTruth(json.body, "gt.json").events.map(key)).toEqual(events.map(key));
  });

  it("round-trips through CVAT and MOT to the frame", () => {
    const cvat = exportGroundTruth(events, "cvat", video);
    expect(readCvatVideo(cvat.body, 25).events.map(key)).toEqual(events.map(key));
    expect(readCvatVideo(cvat.body, 25).frames).toBe(250);
    const mot = exportGroundTruth(events, "mot", video);
    expect(readMot(mot.body, 25).events.map(key)).toEqual(events.map(key));
  });

  it("needs the frame rate for frame-based formats", () => {
    expect(() => exportGroundTruth(events, "mot", { ...video, fps: null })).toThrow(
      /frame rate of clip\.mp4 is unknown/,
    );
  });
});
