/**
 * Detection datagrams from a network camera, timestamped on receipt (monotonic clock, by a thread
 * of their own). A
 * datagram is JSON — `{"edge":"rising","class":"pedestrian","confidence":0.91}` (every field
 * optional; edge defaults to rising) — or a text line `rising|falling|detect [class] [confidence]`.
 */
import { Worker } from "node:worker_threads";
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

/**
 * The receiving thread: it does nothing but read datagrams and stamp them, so the time of receipt
 * is not delayed by the agent's own work (delivering events, writing the spool, collecting
 * garbage) — measured by `npm run bench:timing`. Inline, so the agent stays one file.
 */
const RECEIVER = `
const { parentPort, workerData } = require("node:worker_threads");
// Ahead of the agent's other work where allowed (root or CAP_SYS_NICE): this thread's own id.
let priority = "normal";
try {
  const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  require("node:os").setPriority(tid, -10);
  priority = "raised";
} catch {}
const socket = require("node:dgram").createSocket("udp4");
socket.on("message", (message) => {
  const ns = process.hrtime.bigint();
  parentPort.postMessage({ ns, text: message.toString("utf8") });
});
socket.on("error", (error) => parentPort.postMessage({ error: error.message }));
socket.bind(workerData.port, () => parentPort.postMessage({ ready: true, priority }));
parentPort.on("message", () => socket.close(() => process.exit(0)));
`;

type FromReceiver = { ns?: bigint; text?: string; error?: string; ready?: boolean; priority?: string };

export function udpSource(port: number, log: (message: string) => void, line = "udp"): Source {
  let receiver: Worker | null = null;
  let priority = "normal";
  return {
    name: "udp",
    eventClock: () =>
      `receipt: CLOCK_MONOTONIC when the agent's receiving thread read the datagram (thread priority ${priority})`,
    async start(emit) {
      const worker = new Worker(RECEIVER, { eval: true, workerData: { port } });
      receiver = worker;
      worker.unref();
      await new Promise<void>((resolve, reject) => {
        worker.on("message", (m: FromReceiver) => {
          if (m.ready) {
            priority = m.priority ?? "normal";
            return resolve();
          }
          if (m.error) return reject(new Error(`udp port ${port}: ${m.error}`));
          if (m.ns === undefined || m.text === undefined) return;
          try {
            const parsed = parseDatagram(m.text);
            emit({ line, edge: parsed.edge, rigNs: m.ns, class: parsed.class, confidence: parsed.confidence });
          } catch (error) {
            log(`${(error as Error).message} (skipped)`);
          }
        });
        worker.once("error", reject);
      });
      log(`listening for detection datagrams on udp port ${port} (receiving thread priority ${priority})`);
    },
    stop() {
      receiver?.postMessage("stop");
    },
  };
}
