/**
 * Writes a video's ground truth in the formats it can be imported from, so that a file exported
 * here imports back to the same events: CSV (`onset_us,offset_us,class,track_id,zone`, and
 * `not_before_us,deadline_us` when any event has its own window), JSON (the same fields),
 * CVAT for video 1.1 (one track per event, visible from its first frame to its last, boxes with
 * no geometry) and MOT-challenge text (one line per frame). Frame formats need the fps and round
 * times to frames. Pure.
 */
import { csvCell } from "./csv";

export type ExportEvent = {
  class: string;
  onsetUs: number;
  offsetUs: number;
  trackId: string | null;
  zone: string | null;
  notBeforeUs?: number | null;
  deadlineUs?: number | null;
};
export const exportFormats = ["csv", "json", "cvat", "mot"] as const;
export type ExportFormat = (typeof exportFormats)[number];

const xml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** First and last frame of an event: frames whose presentation time lies in [onset, offset). */
function frames(e: ExportEvent, fps: number): [number, number] {
  const first = Math.round((e.onsetUs * fps) / 1e6);
  const end = Math.round((e.offsetUs * fps) / 1e6);
  return [first, Math.max(first, end - 1)];
}

/** MOT class ids as the reader maps them back. */
const motClass: Record<string, number> = { pedestrian: 1, cyclist: 2 };

export function exportGroundTruth(
  events: readonly ExportEvent[],
  format: ExportFormat,
  video: { fileName: string; fps: number | null; durationMs: number | null },
): { body: string; contentType: string; extension: string } {
  const windows = events.some((e) => e.notBeforeUs != null || e.deadlineUs != null);
  if (format === "csv") {
    const rows = events.map((e) =>
      [e.onsetUs, e.offsetUs, e.class, e.trackId, e.zone, ...(windows ? [e.notBeforeUs, e.deadlineUs] : [])]
        .map((v) => csvCell(v ?? null))
        .join(","),
    );
    return {
      body: `onset_us,offset_us,class,track_id,zone${windows ? ",not_before_us,deadline_us" : ""}\n${rows.join("\n")}\n`,
      contentType: "text/csv",
      extension: "csv",
    };
  }
  if (format === "json") {
    return {
      body: `${JSON.stringify(
        {
          video: video.fileName,
          events: events.map((e) => ({
            onset_us: e.onsetUs,
            offset_us: e.offsetUs,
            class: e.class,
            track_id: e.trackId,
            zone: e.zone,
            ...(e.notBeforeUs == null ? {} : { not_before_us: e.notBeforeUs }),
            ...(e.deadlineUs == null ? {} : { deadline_us: e.deadlineUs }),
          })),
        },
        null,
        2,
      )}\n`,
      contentType: "application/json",
      extension: "json",
    };
  }
  const fps = video.fps;
  if (!fps) throw new Error(`The frame rate of ${video.fileName} is unknown: frame-based formats need it.`);
  if (format === "cvat") {
    const size = video.durationMs ? Math.round((video.durationMs * fps) / 1000) : 0;
    const tracks = events.map((e, i) => {
      const [first, last] = frames(e, fps);
      // The window as attributes in seconds (the reader takes them from the first box that has them).
      const window = [
        e.notBeforeUs == null ? "" : `<attribute name="not_before">${e.notBeforeUs / 1e6}</attribute>`,
        e.deadlineUs == null ? "" : `<attribute name="deadline">${e.deadlineUs / 1e6}</attribute>`,
      ].join("");
      const box = (frame: number, outside: 0 | 1) =>
        `<box frame="${frame}" keyframe="1" outside="${outside}" occluded="0" xtl="0" ytl="0" xbr="0" ybr="0"><attribute name="id">${xml(e.trackId ?? String(i))}</attribute>${outside ? "" : window}</box>`;
      return `<track id="${i}" label="${xml(e.class)}">${box(first, 0)}${last > first ? box(last, 0) : ""}${box(last + 1, 1)}</track>`;
    });
    return {
      body: `<?xml version="1.0" encoding="utf-8"?>\n<annotations><version>1.1</version><meta><task><name>${xml(video.fileName)}</name><size>${size}</size><mode>interpolation</mode></task></meta>${tracks.join("")}</annotations>\n`,
      contentType: "application/xml",
      extension: "xml",
    };
  }
  const lines: string[] = [];
  events.forEach((e, i) => {
    const [first, last] = frames(e, fps);
    const id = i + 1;
    for (let frame = first; frame <= last; frame++)
      lines.push(`${frame + 1},${id},-1,-1,-1,-1,1,${motClass[e.class] ?? 1},1`);
  });
  return { body: `${lines.join("\n")}\n`, contentType: "text/plain", extension: "txt" };
}
