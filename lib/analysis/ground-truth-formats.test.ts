/**
 * Ground-truth readers: real CVAT exports of the JAAD dataset (read in place from the reference
 * folder) give the README's presence intervals; MOT and CSV lists; and the preview's problems.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/seeded-random";
import { FILE_EVENTS_MAX, PROBLEMS_KEPT } from "@/lib/validation/limits";
import {
  checkGroundTruth,
  type GroundTruthDraft,
  readCvatVideo,
  readEventListGroundTruth,
  readMot,
} from "./ground-truth-formats";
import { hasReference, referenceDir } from "./testing/reference";

const folder = path.join(referenceDir, "jaad_cvat");
const present = hasReference("jaad_cvat");
const seconds = (us: number) => Math.round(us / 1000) / 1000;

describe.skipIf(!present)("CVAT for video 1.1 (JAAD)", () => {
  const read = (file: string) => readCvatVideo(readFileSync(path.join(folder, file), "utf8"), 30);

  it.each([
    [
      "video_0004.xml",
      180,
      [
        ["ped", 0, 5.867],
        ["pedestrian", 0, 3.967],
      ],
    ],
    [
      "video_0009.xml",
      120,
      [
        ["ped", 0, 1.867],
        ["pedestrian", 0, 3.233],
      ],
    ],
    ["video_0013.xml", 150, []],
  ] as const)("%s: frames and presence intervals", (file, frames, intervals) => {
    const result = read(file);
    expect(result.frames).toBe(frames);
    expect(result.events.map((e) => [e.label, seconds(e.onsetUs), seconds(e.offsetUs)]).sort()).toEqual(
      [...intervals].map((i) => [...i]).sort(),
    );
    expect(result.events.every((e) => e.class === "pedestrian")).toBe(true);
    expect(checkGroundTruth(result, frames * (1_000_000 / 30))).toEqual({ problems: [], count: 0 });
  });
});

describe("ground-truth readers", () => {
  it("splits a CVAT track where it is outside, and ends an interval with its last frame", () => {
    const xml = `<annotations><meta><task><size>100</size></task></meta>
      <track id="3" label="cyclist">
        <box frame="10" outside="0"/><box frame="20" outside="0"/><box frame="21" outside="1"/>
        <box frame="40" outside="0"/><box frame="49" outside="0"/>
      </track></annotations>`;
    const read = readCvatVideo(xml, 10);
    expect(read.events.map((e) => [e.onsetUs, e.offsetUs, e.trackId])).toEqual([
      [1_000_000, 2_100_000, "3"],
      [4_000_000, 5_000_000, "3"],
    ]);
  });

  it("reads MOT frames (from 1) into intervals per track, skipping non-VRU classes", () => {
    const text = [
      "1,5,10,10,5,5,1,1,1",
      "2,5,10,10,5,5,1,1,1",
      "4,5,10,10,5,5,1,1,1",
      "1,6,0,0,9,9,1,3,1",
      "3,7,0,0,9,9,0,1,1",
    ].join("\n");
    const read = readMot(text, 25);
    expect(read.events.map((e) => [e.trackId, e.onsetUs, e.offsetUs])).toEqual([
      ["5", 0, 80_000],
      ["5", 120_000, 160_000],
    ]);
    expect(read.problems[0]?.message).toMatch(/1 entries of classes that are not VRUs/);
  });

  it("previews the problems of a list before anything is written", () => {
    const read = readEventListGroundTruth(
      "onset,offset,class\n1.0,2.0,pedestrian\n1.5,2.5,pedestrian\n3,4,unicorn\n5,12,cyclist\n",
      "gt.csv",
    );
    const problems = checkGroundTruth(read, 10_000_000).problems.map((p) => `${p.where}: ${p.message}`);
    expect(problems).toEqual([
      'gt.csv: event 3: unknown class "unicorn" (known: pedestrian, cyclist, motorcyclist, wheelchair, scooter)',
      "gt.csv: event 4: ends at 12.000 s, after the video's end (10.000 s)",
      "gt.csv: event 2: overlaps gt.csv: event 1 (same class): a duplicate?",
    ]);
  });

  it("finds the same duplicates as comparing every pair, on random files", () => {
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      const events: GroundTruthDraft[] = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) => {
        const onsetUs = Math.floor(random() * 20) * 100_000;
        return {
          class: random() < 0.5 ? "pedestrian" : "cyclist",
          label: "",
          onsetUs,
          offsetUs: onsetUs + Math.floor(random() * 6) * 100_000,
          trackId: random() < 0.3 ? String(Math.floor(random() * 2)) : null,
          zone: null,
          notBeforeUs: null,
          deadlineUs: null,
          source: `event ${i + 1}`,
        };
      });
      // An event is a duplicate when it starts inside an earlier one (in onset order) of its class and track.
      const order = [...events].sort((a, b) => a.onsetUs - b.onsetUs);
      const expected = new Set<string>();
      for (let i = 0; i < order.length; i++) {
        for (let j = i + 1; j < order.length; j++) {
          const [a, b] = [order[i] as GroundTruthDraft, order[j] as GroundTruthDraft];
          if (a.class === b.class && a.trackId === b.trackId && b.onsetUs < a.offsetUs) expected.add(b.source);
        }
      }
      const { problems, count } = checkGroundTruth({ format: "csv", events, problems: [] }, null);
      const found = problems.filter((p) => p.message.startsWith("overlaps")).map((p) => p.where);
      expect(count).toBe(expected.size);
      expect(new Set(found).size).toBe(Math.min(PROBLEMS_KEPT, expected.size));
      expect(found.every((where) => expected.has(where))).toBe(true);
    }
  });

  it("keeps 20 problems and counts all, in linear time, for a file of identical lines", () => {
    const lines = Array.from({ length: FILE_EVENTS_MAX }, () => "0.1,0.2,pedestrian");
    const read = readEventListGroundTruth(`onset,offset,class\n${lines.join("\n")}\n`, "gt.csv");
    const started = performance.now();
    const { problems, count } = checkGroundTruth(read, null);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(count).toBe(FILE_EVENTS_MAX - 1);
    expect(problems).toHaveLength(PROBLEMS_KEPT);
  });

  it("refuses a file of more events than a file may hold", () => {
    const lines = Array.from({ length: FILE_EVENTS_MAX + 1 }, (_, i) => `${i},${i + 0.5},pedestrian`);
    expect(() => readEventListGroundTruth(`onset,offset,class\n${lines.join("\n")}`, "gt.csv")).toThrow(
      /more than 50,000 events/,
    );
    const xml = `<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><annotations>&x;</annotations>`;
    expect(() => readCvatVideo(xml, 30)).toThrow(/entity declarations/);
  });

  it("reads events' own windows from CSV columns and CVAT attributes, and lists a reversed window as a problem", () => {
    const csv = readEventListGroundTruth(
      "onset,offset,class,not_before,deadline_ms\n1,9,cyclist,4.0,6000\n12,13,cyclist,,\n14,15,cyclist,7,6000\n",
      "gt.csv",
    );
    expect(csv.events.map((e) => [e.notBeforeUs, e.deadlineUs])).toEqual([
      [4_000_000, 6_000_000],
      [null, null],
      [7_000_000, 6_000_000],
    ]);
    expect(checkGroundTruth(csv, 20_000_000).problems.map((p) => p.message)).toContain(
      "its deadline comes before its not_before: no detection could meet both",
    );
    const xml = `<annotations><meta><task><size>300</size></task></meta>
      <track id="0" label="cyclist">
        <box frame="30" outside="0"><attribute name="not_before_frame">120</attribute><attribute name="deadline">6.5</attribute></box>
        <box frame="270" outside="1"></box>
      </track></annotations>`;
    const cvat = readCvatVideo(xml, 30);
    expect(cvat.events.map((e) => [e.onsetUs, e.notBeforeUs, e.deadlineUs])).toEqual([
      [1_000_000, 4_000_000, 6_500_000],
    ]);
    const bad = readCvatVideo(xml.replace("6.5", "soon"), 30);
    expect(bad.problems[0]?.message).toMatch(/attribute deadline must be a number of seconds, found "soon"/);
  });
});
