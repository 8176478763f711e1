/**
 * Readers of ground truth for a video: CVAT for video 1.1 XML (tracks → presence intervals),
 * MOT-challenge text (frame-based), and CSV / JSON / text lists (seconds, or ms / µs columns).
 * Each gives the events and the problems found — nothing is written by reading — so an import can
 * show a preview first. Times are integer µs from the start of the video; a frame's time is its
 * presentation time — read from the video file's own timestamps where known (lib/analysis/frame-time.ts,
 * `frameClock`), else frame / fps — and an interval ends where its last frame ends (the next
 * frame's time). Pure: text in, events out.
 */

import { XMLParser } from "fast-xml-parser";
import { FILE_EVENTS_MAX, PROBLEMS_KEPT } from "@/lib/validation/limits";
import { normaliseClass, vruClasses } from "./class-names";
import { EventListError, parseEventList } from "./formats";
import { type FrameClock, frameClock } from "./frame-time";

export type GroundTruthDraft = {
  /** Sightline's class (a known synonym mapped, e.g. CVAT's "ped" → "pedestrian"). */
  class: string;
  /** The class as the file names it. */
  label: string;
  onsetUs: number;
  offsetUs: number;
  trackId: string | null;
  zone: string | null;
  /** The event's own window (DESIGN §13), µs; null where the file gives none. */
  notBeforeUs: number | null;
  deadlineUs: number | null;
  /** Where it came from, for problem reports (line, or track and frame). */
  source: string;
};

type Problem = { where: string; message: string };

export type GroundTruthRead = {
  format: "cvat" | "mot" | "csv" | "json" | "text";
  events: GroundTruthDraft[];
  problems: Problem[];
  /** The video's tags, when the file carries them (JSON's "tags"), unchecked. */
  tags?: unknown;
  /** CVAT's own frame count (meta/task/size), when the file says. */
  frames?: number;
};

/** Frames to µs: by the video's own frame timestamps where known (FrameClock), else by its fps. */
const clockOf = (fps: number | FrameClock): FrameClock => (typeof fps === "number" ? frameClock(fps) : fps);

type Box = { frame: number; outside: boolean };

type Attribute = { name?: string; "#text"?: unknown };

/**
 * An event's own window from CVAT attributes (on the track's boxes): `not_before` / `deadline` in
 * seconds of video time, or `not_before_frame` / `deadline_frame` as frame numbers. The first box
 * that carries one gives it. Null where none does; an attribute that is not a number is a problem.
 */
function cvatWindow(
  boxes: { attributes: Attribute[] }[],
  clock: FrameClock,
  where: string,
  problems: Problem[],
): { notBeforeUs: number | null; deadlineUs: number | null } {
  const pick = (name: "not_before" | "deadline"): number | null => {
    for (const box of boxes) {
      for (const a of box.attributes) {
        if (a.name !== name && a.name !== `${name}_frame`) continue;
        const text = String(a["#text"] ?? "").trim();
        if (text === "") continue;
        const value = Number(text);
        if (!Number.isFinite(value) || value < 0) {
          problems.push({
            where,
            message: `attribute ${a.name} must be a number of ${a.name?.endsWith("_frame") ? "frames" : "seconds"}, found "${text}"`,
          });
          return null;
        }
        return a.name.endsWith("_frame") ? clock.timeUs(Math.round(value)) : Math.round(value * 1e6);
      }
    }
    return null;
  };
  return { notBeforeUs: pick("not_before"), deadlineUs: pick("deadline") };
}

/** Presence intervals of one track: from its first visible frame to the end of its last one, split where it is outside. */
function presence(boxes: Box[]): [number, number][] {
  const sorted = [...boxes].sort((a, b) => a.frame - b.frame);
  const out: [number, number][] = [];
  let open: number | null = null;
  let last = 0;
  for (const box of sorted) {
    if (!box.outside) {
      if (open === null) open = box.frame;
      last = box.frame;
    } else if (open !== null) {
      out.push([open, last + 1]);
      open = null;
    }
  }
  if (open !== null) out.push([open, last + 1]);
  return out;
}

/** Stops a reader that would keep more than FILE_EVENTS_MAX events. */
function room(events: readonly unknown[], source: string): void {
  if (events.length >= FILE_EVENTS_MAX) {
    throw new EventListError(
      source,
      null,
      `more than ${FILE_EVENTS_MAX.toLocaleString("en")} events: a file may hold at most ${FILE_EVENTS_MAX.toLocaleString("en")}; split it`,
    );
  }
}

export function readCvatVideo(xml: string, fps: number | FrameClock): GroundTruthRead {
  const clock = clockOf(fps);
  // CVAT writes no DTD; declared entities could only serve to make a small file expand.
  if (/<!ENTITY/i.test(xml)) {
    throw new EventListError("CVAT XML", null, "entity declarations (<!ENTITY>) are not accepted in ground truth");
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => name === "track" || name === "box" || name === "attribute",
  });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new EventListError("CVAT XML", null, `not valid XML (${(error as Error).message})`);
  }
  const root = doc.annotations as Record<string, unknown> | undefined;
  if (!root) throw new EventListError("CVAT XML", null, 'no <annotations> element: export as "CVAT for video 1.1"');
  const size = Number((root.meta as { task?: { size?: unknown } } | undefined)?.task?.size);
  const tracks = (root.track as Record<string, unknown>[] | undefined) ?? [];
  const events: GroundTruthDraft[] = [];
  const problems: Problem[] = [];
  tracks.forEach((track, index) => {
    const label = String(track.label ?? "");
    const boxes = ((track.box as Record<string, unknown>[] | undefined) ?? []).map((b) => {
      const attributes = (b.attribute as Attribute[] | undefined) ?? [];
      return {
        frame: Number(b.frame),
        outside: String(b.outside) === "1",
        attributes,
        id: attributes.find((a) => a.name === "id")?.["#text"],
      };
    });
    const trackId = boxes.find((b) => b.id !== undefined)?.id ?? track.id ?? index;
    for (const [from, to] of presence(boxes)) {
      room(events, "CVAT XML");
      const source = `track ${index + 1} (${label}), frames ${from}–${to - 1}`;
      // The window belongs to the boxes of this presence interval (a track may show twice).
      const own = boxes.filter((b) => b.frame >= from && b.frame < to);
      events.push({
        ...cvatWindow(own, clock, source, problems),
        class: normaliseClass(label),
        label,
        onsetUs: clock.timeUs(from),
        offsetUs: clock.timeUs(to),
        trackId: String(trackId),
        zone: null,
        source,
      });
    }
  });
  return { format: "cvat", events, problems, frames: Number.isFinite(size) ? size : undefined };
}

/**
 * MOT-challenge ground truth: `frame, id, left, top, width, height, flag, class, visibility`
 * (frames from 1; `flag` 0 marks an entry to ignore). A track's consecutive frames form an
 * interval; class ids: 1 pedestrian, 2 person on vehicle → cyclist, 7 static person →
 * pedestrian; other classes (vehicles, occluders) are not VRUs and are skipped.
 */
export function readMot(text: string, fps: number | FrameClock, name = "MOT file"): GroundTruthRead {
  const clock = clockOf(fps);
  const motClasses: Record<number, string> = { 1: "pedestrian", 2: "cyclist", 7: "pedestrian" };
  const tracks = new Map<string, { cls: string; frames: number[] }>();
  const problems: Problem[] = [];
  let skipped = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const f = line.split(/\s*,\s*/).map(Number);
    if (f.length < 6 || f.slice(0, 6).some((x) => !Number.isFinite(x)) || (f[0] as number) < 1) {
      throw new EventListError(name, i + 1, "expected frame, id, left, top, width, height[, flag, class, visibility]");
    }
    const [frame, id, , , , , flag = 1, cls = 1] = f as number[];
    if (flag === 0) return;
    const mapped = motClasses[cls as number];
    if (!mapped) {
      skipped++;
      return;
    }
    const key = `${id}`;
    const track = tracks.get(key) ?? { cls: mapped, frames: [] };
    track.frames.push((frame as number) - 1);
    tracks.set(key, track);
  });
  if (skipped) problems.push({ where: name, message: `${skipped} entries of classes that are not VRUs were skipped` });
  const events: GroundTruthDraft[] = [];
  for (const [id, track] of tracks) {
    const frames = [...new Set(track.frames)].sort((a, b) => a - b);
    let start = frames[0] as number;
    let prev = start;
    const flush = () => {
      room(events, name);
      events.push({
        class: track.cls,
        label: track.cls,
        onsetUs: clock.timeUs(start),
        offsetUs: clock.timeUs(prev + 1),
        trackId: id,
        zone: null,
        notBeforeUs: null,
        deadlineUs: null,
        source: `track ${id}, frames ${start + 1}–${prev + 1}`,
      });
    };
    for (const frame of frames.slice(1)) {
      if (frame !== prev + 1) {
        flush();
        start = frame;
      }
      prev = frame;
    }
    flush();
  }
  events.sort((a, b) => a.onsetUs - b.onsetUs);
  return { format: "mot", events, problems };
}

/** CSV (header), JSON or text lists: each event needs a class and an offset. */
export function readEventListGroundTruth(text: string, name: string): GroundTruthRead {
  const list = parseEventList(text, name, { reversedIsError: false, maxEvents: FILE_EVENTS_MAX });
  const problems: Problem[] = [];
  const events: GroundTruthDraft[] = [];
  list.events.forEach((e, i) => {
    const where = `${name}: event ${i + 1}`;
    if (!e.label) problems.push({ where, message: "has no class" });
    if (e.offset === null) problems.push({ where, message: "has no offset (a ground-truth event has an end)" });
    events.push({
      class: normaliseClass(e.label ?? ""),
      label: e.label ?? "",
      onsetUs: Math.round(e.onset * 1e6),
      offsetUs: Math.round((e.offset ?? e.onset) * 1e6),
      trackId: null,
      zone: null,
      notBeforeUs: e.notBefore == null ? null : Math.round(e.notBefore * 1e6),
      deadlineUs: e.deadline == null ? null : Math.round(e.deadline * 1e6),
      source: where,
    });
  });
  return { format: list.format, events, problems, ...(list.tags === undefined ? {} : { tags: list.tags }) };
}

/** The problems of a file: the first PROBLEMS_KEPT of them to show, and how many there are in all. */
export type ProblemList = { problems: Problem[]; count: number };

/**
 * The problems an import preview shows before anything is written: unknown classes, offsets
 * before onsets, times beyond the video, and duplicates (same class and track, overlapping an
 * earlier one). O(n log n) however many events overlap, and only the first problems are kept:
 * a file of thousands of identical lines costs no more than any other.
 */
export function checkGroundTruth(read: GroundTruthRead, durationUs: number | null): ProblemList {
  const problems: Problem[] = [];
  let count = 0;
  const add = (problem: Problem) => {
    count++;
    if (problems.length < PROBLEMS_KEPT) problems.push(problem);
  };
  for (const problem of read.problems) add(problem);
  for (const e of read.events) {
    if (!(vruClasses as readonly string[]).includes(e.class)) {
      add({ where: e.source, message: `unknown class "${e.class}" (known: ${vruClasses.join(", ")})` });
    }
    if (e.onsetUs < 0) add({ where: e.source, message: "starts before the video" });
    if (e.offsetUs < e.onsetUs) add({ where: e.source, message: "ends before it starts" });
    if (e.notBeforeUs !== null && e.notBeforeUs < 0)
      add({ where: e.source, message: "its not_before is before the video" });
    if (e.notBeforeUs !== null && e.deadlineUs !== null && e.deadlineUs < e.notBeforeUs) {
      add({ where: e.source, message: "its deadline comes before its not_before: no detection could meet both" });
    }
    if (durationUs !== null && e.deadlineUs !== null && e.deadlineUs > durationUs) {
      add({
        where: e.source,
        message: `its deadline ${(e.deadlineUs / 1e6).toFixed(3)} s is after the video's end (${(durationUs / 1e6).toFixed(3)} s)`,
      });
    }
    if (durationUs !== null && e.offsetUs > durationUs) {
      add({
        where: e.source,
        message: `ends at ${(e.offsetUs / 1e6).toFixed(3)} s, after the video's end (${(durationUs / 1e6).toFixed(3)} s)`,
      });
    }
  }
  // Per class and track, in onset order: an event that starts before the furthest end so far
  // overlaps the event that reaches it.
  const groups = new Map<string, GroundTruthDraft[]>();
  for (const e of read.events) {
    const key = `${e.class}\u0000${e.trackId ?? ""}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.onsetUs - b.onsetUs);
    let reach: GroundTruthDraft | null = null;
    for (const e of group) {
      if (reach && e.onsetUs < reach.offsetUs) {
        add({
          where: e.source,
          message: `overlaps ${reach.source} (same class${reach.trackId ? " and track" : ""}): a duplicate?`,
        });
      }
      if (!reach || e.offsetUs > reach.offsetUs) reach = e;
    }
  }
  return { problems, count };
}
