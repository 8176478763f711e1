/**
 * Detections from stored edges: onsets are rising edges; each line's next falling edge (by
 * sequence) is the detection's offset. The analysis and the results page pair them alike.
 */
import type { DetectionEvent } from "./evaluate";

/** A stored edge of a detection line (a row of detection_events, as far as pairing needs it). */
export type StoredEdge = {
  id: number;
  line: string;
  edge: "rising" | "falling";
  videoTimeUs: number;
  class: string | null;
  confidence: number | null;
};

export type StoredDetection = DetectionEvent & { id: number; confidence: number | null };

/** Detections of one session's edges, given in sequence order. */
export function detectionsOf(rows: readonly StoredEdge[]): StoredDetection[] {
  const open = new Map<string, StoredDetection>();
  const list: StoredDetection[] = [];
  for (const row of rows) {
    if (row.edge === "rising") {
      const detection = {
        id: row.id,
        onsetUs: row.videoTimeUs,
        offsetUs: null,
        class: row.class,
        confidence: row.confidence,
      };
      list.push(detection);
      open.set(row.line, detection);
    } else {
      const detection = open.get(row.line);
      if (detection && row.videoTimeUs >= detection.onsetUs) detection.offsetUs = row.videoTimeUs;
      open.delete(row.line);
    }
  }
  return list;
}
