/**
 * mpv, driven through its JSON IPC socket: the anchor is the monotonic time at which mpv reports
 * the first frame's playback time, corrected by that position; progress follows `playback-time`;
 * playback ends when mpv reports the end of the file.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { monotonicNs } from "../clock";
import { type Player, sleep } from "./types";

export function mpvPlayer(binary = "mpv", extraArgs: string[] = []): Player {
  return {
    name: "mpv",
    async play(request) {
      if (!request.file) throw new Error("mpv needs the video file");
      const ipc = path.join(os.tmpdir(), `sightline-mpv-${process.pid}-${Date.now()}.sock`);
      const child = spawn(
        binary,
        ["--fullscreen", "--no-terminal", "--keep-open=no", `--input-ipc-server=${ipc}`, ...extraArgs, request.file],
        { stdio: "ignore" },
      );
      child.once("error", () => {});
      const exited = once(child, "exit");
      request.signal.addEventListener("abort", () => child.kill("SIGTERM"));
      let socket: ReturnType<typeof connect> | null = null;
      for (let i = 0; i < 100 && !socket; i++) {
        await sleep(50, request.signal);
        if (child.exitCode !== null) break;
        socket = await new Promise((resolve) => {
          const s = connect(ipc);
          s.once("connect", () => resolve(s));
          s.once("error", () => resolve(null));
        });
      }
      if (!socket) {
        child.kill("SIGTERM");
        throw new Error(`mpv did not start (is "${binary}" installed? apt-get install mpv)`);
      }
      socket.write(`${JSON.stringify({ command: ["observe_property", 1, "playback-time"] })}\n`);
      let anchor: (ns: bigint) => void = () => {};
      const anchored = new Promise<bigint>((resolve) => {
        anchor = resolve;
      });
      let buffer = "";
      socket.on("data", (chunk) => {
        buffer += chunk.toString("utf8");
        for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          try {
            const message = JSON.parse(line) as { event?: string; name?: string; data?: number };
            if (
              message.event === "property-change" &&
              message.name === "playback-time" &&
              typeof message.data === "number"
            ) {
              anchor(monotonicNs() - BigInt(Math.round(message.data * 1e9)));
              request.onProgress(Math.round(message.data * 1000));
            }
          } catch {
            // not a JSON line
          }
        }
      });
      const anchorNs = await Promise.race([
        anchored,
        exited.then(() => {
          throw new Error("mpv exited before playing the first frame");
        }),
      ]);
      return {
        anchorNs,
        anchorSource: "player",
        done: exited.then(() => {
          socket?.destroy();
        }),
      };
    },
  };
}
