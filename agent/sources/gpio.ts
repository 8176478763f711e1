/**
 * The camera's GPIO output, through libgpiod's `gpiomon` (v1 or v2, whichever is installed):
 * kernel edge timestamps (CLOCK_MONOTONIC), active-low and debounce applied here so both
 * versions behave alike, and an optional second line carrying the screen's sync pulse.
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
  return {
    name: "gpio",
    async start(emit: (edge: SourceEdge) => void) {
      const major = await libgpiodMajor(binary);
      const lines = [options.line, ...(options.syncLine ? [options.syncLine] : [])];
      const args = major >= 2 ? ["-c", options.chip, ...lines] : [options.chip, ...lines];
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
