/**
 * Detection datagrams from a network camera, timestamped on receipt (monotonic clock). A
 * datagram is JSON — `{"edge":"rising","class":"pedestrian","confidence":0.91}` (every field
 * optional; edge defaults to rising) — or a text line `rising|falling|detect [class] [confidence]`.
 */
import { createSocket } from "node:dgram";
import { monotonicNs } from "../clock";
import type { Source } from "./types";

export function parseDatagram(text: string): {
  edge: "rising" | "falling";
  class: string | null;
  confidence: number | null;
} {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const data = JSON.parse(trimmed) as { edge?: string; class?: string; confidence?: number };
    const edge = data.edge === "falling" ? "falling" : "rising";
    const confidence =
      typeof data.confidence === "number" && data.confidence >= 0 && data.confidence <= 1 ? data.confidence : null;
    return { edge, class: typeof data.class === "string" ? data.class : null, confidence };
  }
  const [word = "", cls, conf] = trimmed.split(/\s+/);
  if (!["rising", "falling", "detect"].includes(word))
    throw new Error(`unreadable datagram: ${JSON.stringify(trimmed.slice(0, 80))}`);
  const confidence = conf === undefined ? null : Number(conf);
  return {
    edge: word === "falling" ? "falling" : "rising",
    class: cls ?? null,
    confidence: confidence !== null && confidence >= 0 && confidence <= 1 ? confidence : null,
  };
}

export function udpSource(port: number, log: (message: string) => void, line = "udp"): Source {
  const socket = createSocket("udp4");
  return {
    name: "udp",
    eventClock: () => "receipt: CLOCK_MONOTONIC when the agent read the datagram",
    async start(emit) {
      socket.on("message", (message) => {
        const rigNs = monotonicNs();
        try {
          const parsed = parseDatagram(message.toString("utf8"));
          emit({ line, edge: parsed.edge, rigNs, class: parsed.class, confidence: parsed.confidence });
        } catch (error) {
          log(`${(error as Error).message} (skipped)`);
        }
      });
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(port, () => resolve());
      });
      log(`listening for detection datagrams on udp port ${port}`);
    },
    stop() {
      socket.close();
    },
  };
}
