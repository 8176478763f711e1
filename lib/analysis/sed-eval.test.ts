/**
 * sed_eval's event-based metrics, reproduced on its own test data read in place from the
 * reference folder (the expected figures are those of its README, to 1e-12), plus the
 * "direct" case written out.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEventList } from "./formats";
import { defaultSedEvalSettings, type SedEvent, sedEvalEventBased } from "./sed-eval";
import { hasReference, referenceDir } from "./testing/reference";

const folder = path.join(referenceDir, "sed_eval_sound_event");
const present = hasReference("sed_eval_sound_event");

function read(file: string): { events: SedEvent[]; files: string[] } {
  const list = parseEventList(readFileSync(path.join(folder, file), "utf8"), file);
  return {
    events: list.events.map((e) => ({ file: e.file, onset: e.onset, offset: e.offset ?? e.onset, label: e.label })),
    files: list.files,
  };
}

/** Concatenates lists of several files, naming each event's file as its list's name. */
function accumulate(...names: string[]): SedEvent[] {
  return names.flatMap((name) =>
    read(name).events.map((e) => ({ ...e, file: e.file ?? name.replace("_detected", "") })),
  );
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12);

describe("sed-eval mode", () => {
  it("direct case: car events, collar 0.2, onset and offset", () => {
    const ref = [
      { onset: 0.0, offset: 2.5, label: "car" },
      { onset: 2.8, offset: 4.5, label: "car" },
      { onset: 6.0, offset: 10.0, label: "car" },
    ];
    const est = [
      { onset: 0.2, offset: 3.5, label: "car" },
      { onset: 6.0, offset: 8.0, label: "car" },
    ];
    const { overall } = sedEvalEventBased(ref, est);
    expect(overall).toMatchObject({ nref: 3, nsys: 2, ntp: 2 });
    close(overall.f1, 0.8);
    close(overall.errorRate, 0.3333333333333);
  });

  it("empty class case: per-file matching, collar 0.2, percentage 0.2", () => {
    const ref = [
      { file: "f1.wav", onset: 0.3, offset: 0.8, label: "A" },
      { file: "f2.wav", onset: 0.1, offset: 0.8, label: "B" },
    ];
    const est = [{ file: "f1.wav", onset: 0.2, offset: 0.9, label: "A" }];
    const { overall } = sedEvalEventBased(ref, est, { ...defaultSedEvalSettings, percentageOfLength: 0.2 });
    expect(overall).toMatchObject({ nref: 2, nsys: 1, ntp: 1 });
    close(overall.f1, 0.6666666666666666);
    close(overall.errorRate, 0.5);
  });

  it("matches only inside a file", () => {
    const ref = [{ file: "a", onset: 1, offset: 2, label: "x" }];
    const est = [{ file: "b", onset: 1, offset: 2, label: "x" }];
    expect(sedEvalEventBased(ref, est).overall).toMatchObject({ ntp: 0, nfp: 1, nfn: 1 });
  });
});

describe.skipIf(!present)("sed_eval reference cases", () => {
  it("binary1 + binary2 accumulated", () => {
    const ref = accumulate("binary1.txt", "binary2.txt");
    const est = accumulate("binary1_detected.txt", "binary2_detected.txt");
    const { overall } = sedEvalEventBased(ref, est, defaultSedEvalSettings, ["binary1.txt", "binary2.txt"]);
    expect(overall).toMatchObject({ nref: 1, nsys: 2, ntp: 1 });
    close(overall.f1, 0.6666666666666666);
    close(overall.errorRate, 1.0);
  });

  it("binary5, per file", () => {
    const ref = read("binary5.txt");
    const est = read("binary5_detected.txt");
    const { overall } = sedEvalEventBased(ref.events, est.events, defaultSedEvalSettings, [...ref.files, ...est.files]);
    expect(overall).toMatchObject({ nref: 4, nsys: 2, ntp: 0 });
    close(overall.f1, 0);
    close(overall.errorRate, 1.5);
  });

  it("order: optimal matching gives F 1.0 whichever order the detections come in", () => {
    const settings = { ...defaultSedEvalSettings, collar: 0.25, evaluateOffset: false };
    const ref = read("mini_reference.txt").events;
    for (const file of ["mini_detected_a.txt", "mini_detected_b.txt"]) {
      close(sedEvalEventBased(ref, read(file).events, settings).overall.f1, 1.0);
    }
  });

  const office = () => ({
    ref: accumulate("office_snr0_high_v2.txt", "office_snr0_med_v2.txt"),
    est: accumulate("office_snr0_high_v2_detected.txt", "office_snr0_med_v2_detected.txt"),
  });

  it("office, onset and offset", () => {
    const { ref, est } = office();
    const { overall } = sedEvalEventBased(ref, est, { ...defaultSedEvalSettings, collar: 0.25 });
    expect(overall).toMatchObject({ nref: 95, nsys: 113, ntp: 16, nsubs: 23, nfp: 74, nfn: 56 });
    close(overall.f1, 0.15384615384615385);
    close(overall.errorRate, 1.6105263157894736);
  });

  it("office, onset only", () => {
    const { ref, est } = office();
    const { overall } = sedEvalEventBased(ref, est, { ...defaultSedEvalSettings, collar: 0.25, evaluateOffset: false });
    expect(overall).toMatchObject({ ntp: 24, nsubs: 25 });
    close(overall.f1, 0.23076923076923078);
    close(overall.errorRate, 1.4210526315789473);
  });
});
