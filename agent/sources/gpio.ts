/**
 * The camera's GPIO output, through libgpiod's `gpiomon` (v1 or v2, whichever is installed):
 * kernel edge timestamps (CLOCK_MONOTONIC, or v2's hardware timestamp engine), active-low and
 * debounce applied here so both versions behave alike, and an optional second line carrying the
 * screen's photodiode: the sync pulse of external playback, and the flashes of a calibration.
 * Unreadable output lines are reported, skipped and counted.
 */
import { execFile, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { EdgeFilter, isLine, parseGpiomonLine } from "./gpiomon-parse";
import type { Source, SourceEdge } from "./types";

export type GpioOptions = {
  chip: string;
  /** The camera's detection line (offset or name). */
  line: string;
  /** A photodiode's line whose rising edge is video time 0. */
  syncLine?: string;
  activeLow?: boolean;
  debounceMs?: number;
  /** libgpiod v2's `--event-clock`: the kernel's CLOCK_MONOTONIC (default) or the hardware timestamp engine. */
  eventClock?: "monotonic" | "hte";
  binary?: string;
  log: (message: string) => void;
};

function libgpiodMajor(binary: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(binary, ["--version"], (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
        reject(new Error(`${binary} is not installed: install libgpiod's tools (apt-get install gpiod).`));
        return;
      }
      const match = /v(\d+)\./.exec(stdout);
      resolve(match ? Number(match[1]) : 1);
    });
  });
}

export function gpioSource(options: GpioOptions): Source {
  const binary = options.binary ?? "gpiomon";
  let child: ReturnType<typeof spawn> | null = null;
  const filter = new EdgeFilter({
    activeLow: options.activeLow,
    debounceNs: options.debounceMs ? BigInt(Math.round(options.debounceMs * 1e6)) : undefined,
  });
  const syncWaiters: ((ns: bigint) => void)[] = [];
  let unreadable = 0;
  let clock = "not started";
  return {
    name: "gpio",
    eventClock: () => clock,
    async start(emit: (edge: SourceEdge) => void) {
      const major = await libgpiodMajor(binary);
      const lines = [options.line, ...(options.syncLine ? [options.syncLine] : [])];
      if (major < 2 && options.eventClock === "hte") {
        throw new Error(
          "--event-clock hte needs libgpiod v2's gpiomon (this one is v1, which has no --event-clock): install libgpiod v2 or leave --event-clock out",
        );
      }
      // v2 is told the clock; v1 always reads the kernel's default (CLOCK_MONOTONIC since Linux 5.7).
      const clockArgs = major >= 2 ? ["--event-clock", options.eventClock ?? "monotonic"] : [];
      const args = major >= 2 ? ["-c", options.chip, ...clockArgs, ...lines] : [options.chip, ...lines];
      clock =
        major >= 2
          ? `kernel edge timestamps, gpiomon v${major} --event-clock ${options.eventClock ?? "monotonic"}`
          : "kernel edge timestamps, gpiomon v1 (the kernel's default clock: CLOCK_MONOTONIC since Linux 5.7)";
      child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr?.on("data", (chunk) => {
        stderr += chunk;
      });
      const failed = new Promise<never>((_, reject) => {
        child?.once("exit", (code) => {
          reject(
            new Error(
              `gpiomon stopped (exit ${code}): ${stderr.trim() || "no output"} — check the chip "${options.chip}" and the lines ${lines.join(", ")} (gpioinfo lists them).`,
            ),
          );
        });
      });
      failed.catch((error: Error) => options.log(error.message));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (raw) => {
        if (raw.trim() === "") return;
        const parsed = parseGpiomonLine(raw);
        if (!parsed.ok) {
          unreadable++;
          options.log(`${parsed.error} (skipped; ${unreadable} so far)`);
          return;
        }
        const event = filter.accept(parsed.event);
        if (!event) return;
        if (options.syncLine && isLine(event, options.syncLine)) {
          if (event.edge === "rising") for (const wake of syncWaiters.splice(0)) wake(event.timestampNs);
          // A calibration session pairs these with the flashes; any other session drops them.
          emit({ line: event.line, edge: event.edge, rigNs: event.timestampNs, sync: true });
          return;
        }
        emit({ line: event.line, edge: event.edge, rigNs: event.timestampNs });
      });
      // gpiomon fails at once on a missing chip or line: report that as the start's failure.
      await Promise.race([failed, new Promise((resolve) => setTimeout(resolve, 300))]);
    },
    nextSyncPulse: options.syncLine ? () => new Promise<bigint>((resolve) => syncWaiters.push(resolve)) : undefined,
    stop() {
      child?.kill("SIGTERM");
    },
  };
}
