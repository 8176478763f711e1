/** The agent's parts on their own: the spool across a restart, datagrams, the simulated camera. */
import { appendFileSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RigDetectionEvent } from "@/lib/rig-protocol";
import { estimateOffsetNs } from "./clock";
import { planSimDetections } from "./sources/sim";
import { parseDatagram } from "./sources/udp";
import { Spool } from "./spool";

const event = (seq: number): RigDetectionEvent => ({
  seq,
  line: "17",
  edge: "rising",
  videoTimeUs: seq * 1000,
  rigMonotonicNs: String(seq),
  readMonotonicNs: String(seq),
});

describe("Spool", () => {
  it("keeps unacknowledged events across a restart, in order, and survives a torn last line", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-spool-"));
    const spool = new Spool(dir);
    for (let seq = 0; seq < 5; seq++) spool.add("s1", event(seq));
    spool.ack("s1", [0, 2]);
    appendFileSync(path.join(dir, "s1.jsonl"), '{"e":{"seq":9'); // a crash mid-write
    const reopened = new Spool(dir);
    expect(reopened.sessions()).toEqual(["s1"]);
    expect(reopened.next("s1", 10).map((e) => e.seq)).toEqual([1, 3, 4]);
    reopened.ack("s1", [1, 3, 4]);
    expect(reopened.count("s1")).toBe(0);
    reopened.remove("s1");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("datagrams", () => {
  it("reads JSON and the text line format, and refuses anything else", () => {
    expect(parseDatagram('{"class":"cyclist","confidence":0.8}')).toEqual({
      edge: "rising",
      class: "cyclist",
      confidence: 0.8,
    });
    expect(parseDatagram("falling")).toEqual({ edge: "falling", class: null, confidence: null });
    expect(parseDatagram("detect pedestrian 0.93")).toEqual({ edge: "rising", class: "pedestrian", confidence: 0.93 });
    expect(() => parseDatagram("hello")).toThrow(/unreadable datagram/);
  });
});

describe("the simulated camera", () => {
  const truth = Array.from({ length: 50 }, (_, i) => ({
    onsetUs: i * 4_000_000,
    offsetUs: i * 4_000_000 + 2_000_000,
    class: "pedestrian",
  }));
  const options = {
    seed: 3,
    missRate: 0.1,
    falsePositivesPerMinute: 2,
    retriggerRate: 0.2,
    latencyMinMs: 40,
    latencyMaxMs: 250,
    pulseMs: 100,
    withClass: true,
  };
  it("is repeatable from its seed, and detects within its latency range", () => {
    const plan = planSimDetections(truth, 200_000_000, options);
    expect(planSimDetections(truth, 200_000_000, options)).toEqual(plan);
    expect(planSimDetections(truth, 200_000_000, { ...options, seed: 4 })).not.toEqual(plan);
    const firstHits = truth.flatMap((g) => {
      const hit = plan.find((d) => d.onsetUs >= g.onsetUs && d.onsetUs <= g.onsetUs + 250_000);
      return hit ? [hit.onsetUs - g.onsetUs] : [];
    });
    expect(firstHits.length).toBeGreaterThan(35);
    expect(Math.min(...firstHits)).toBeGreaterThanOrEqual(40_000);
    expect(Math.max(...firstHits)).toBeLessThanOrEqual(250_000);
  });
});

describe("clock offset", () => {
  it("takes the round trip with the least delay", () => {
    expect(
      estimateOffsetNs([
        { sentNs: 0n, receivedNs: 100n, serverNs: 1_000n },
        { sentNs: 200n, receivedNs: 220n, serverNs: 1_300n },
      ]),
    ).toBe(1_090n);
    expect(estimateOffsetNs([])).toBeNull();
  });
});
