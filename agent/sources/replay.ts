/**
 * Replays a recording at each session, in real time from the session's anchor: a gpiomon
 * recording (its sync line's first rising edge, or its first edge, is video time 0) or a
 * detection list (CSV, JSON or text, seconds from the start of the video).
 */
import { readFileSync } from "node:fs";
import { parseEventList } from "@/lib/analysis/formats";
import { sleep } from "../players/types";
import { EdgeFilter, isLine, parseGpiomonLine } from "./gpiomon-parse";
import type { Source } from "./types";

type Replayed = {
  atNs: bigint;
  line: string;
  edge: "rising" | "falling";
  class: string | null;
  confidence: number | null;
};

function loadRecording(file: string, syncLine?: string): { edges: Replayed[]; unreadable: number } {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const gpiomon = lines.filter((l) => parseGpiomonLine(l).ok).length;
  if (gpiomon > 0 && gpiomon >= lines.length / 2) {
    const filter = new EdgeFilter();
    let anchor: bigint | null = null;
    let unreadable = 0;
    const raw: Replayed[] = [];
    for (const l of lines) {
      const parsed = parseGpiomonLine(l);
      if (!parsed.ok) {
        unreadable++;
        continue;
      }
      const event = filter.accept(parsed.event);
      if (!event) continue;
      if (syncLine && isLine(event, syncLine)) {
        if (anchor === null && event.edge === "rising") anchor = event.timestampNs;
        continue;
      }
      anchor ??= syncLine ? null : event.timestampNs;
      raw.push({ atNs: event.timestampNs, line: event.line, edge: event.edge, class: null, confidence: null });
    }
    const zero = anchor ?? raw[0]?.atNs ?? 0n;
    return { edges: raw.map((e) => ({ ...e, atNs: e.atNs - zero })).filter((e) => e.atNs >= 0n), unreadable };
  }
  const list = parseEventList(text, file);
  const edges = list.events.flatMap((e) => [
    {
      atNs: BigInt(Math.round(e.onset * 1e9)),
      line: "replay",
      edge: "rising" as const,
      class: e.label,
      confidence: e.confidence,
    },
    ...(e.offset === null
      ? []
      : [
          {
            atNs: BigInt(Math.round(e.offset * 1e9)),
            line: "replay",
            edge: "falling" as const,
            class: e.label,
            confidence: e.confidence,
          },
        ]),
  ]);
  return { edges: edges.sort((a, b) => (a.atNs < b.atNs ? -1 : a.atNs > b.atNs ? 1 : 0)), unreadable: 0 };
}

export function replaySource(file: string, log: (message: string) => void, syncLine?: string): Source {
  const { edges, unreadable } = loadRecording(file, syncLine);
  if (unreadable) log(`${file}: ${unreadable} unreadable line(s) skipped`);
  return {
    name: "replay",
    eventClock: () => `replayed recording (${file.split("/").pop()})`,
    async start() {
      log(`replaying ${edges.length} edges from ${file} at each session`);
    },
    async session({ anchorNs, speed, signal, emit }) {
      for (const e of edges) {
        const waitMs = Number(anchorNs + BigInt(Math.round(Number(e.atNs) / speed)) - process.hrtime.bigint()) / 1e6;
        if (waitMs > 0) await sleep(waitMs, signal);
        emit({ line: e.line, edge: e.edge, rigNs: anchorNs + e.atNs, class: e.class, confidence: e.confidence });
      }
    },
    stop() {},
  };
}
