/**
 * The gpio source up to the GPIO chip, which does not exist here: a stand-in `gpiomon` prints a
 * real recording (the reference folder's, both libgpiod versions) and notes the arguments it was
 * given. v2 is asked for the monotonic event clock (or hte) and v1 is not; the event clock is
 * recorded; the sync line's photodiode edges come out marked, the camera's not.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hasReference, referenceDir } from "@/lib/analysis/testing/reference";
import { gpioSource } from "./gpio";
import type { SourceEdge } from "./types";

const present = hasReference("gpiomon");
const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-gpiomon-"));

function fakeGpiomon(version: 1 | 2, recording: string): { binary: string; args: string } {
  const binary = path.join(dir, `gpiomon-v${version}`);
  const args = path.join(dir, `args-v${version}`);
  writeFileSync(
    binary,
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo "gpiomon (libgpiod) v${version}.1.2"; exit 0; fi
echo "$@" > "${args}"
cat "${path.join(referenceDir, "gpiomon", recording)}"
exec sleep 30
`,
  );
  chmodSync(binary, 0o755);
  return { binary, args };
}

const started: { stop(): void }[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.stop();
});

async function read(version: 1 | 2, recording: string, eventClock?: "monotonic" | "hte") {
  const fake = fakeGpiomon(version, recording);
  const edges: SourceEdge[] = [];
  const source = gpioSource({
    chip: "gpiochip0",
    line: "17",
    syncLine: "18",
    eventClock,
    binary: fake.binary,
    log: () => {},
  });
  started.push(source);
  await source.start((edge) => edges.push(edge));
  for (let i = 0; i < 50 && edges.length < 6; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return { edges, args: readFileSync(fake.args, "utf8").trim(), clock: source.eventClock() };
}

describe.skipIf(!present)("the gpio source with a stand-in gpiomon", () => {
  it("asks libgpiod v2 for the monotonic event clock, records it, and marks the photodiode's edges", async () => {
    const { edges, args, clock } = await read(2, "v2_default_unnamed.txt");
    expect(args).toBe("-c gpiochip0 --event-clock monotonic 17 18");
    expect(clock).toBe("kernel edge timestamps, gpiomon v2 --event-clock monotonic");
    expect(edges.slice(0, 3)).toEqual([
      { line: "18", edge: "rising", rigNs: 5_123_250_000_000n, sync: true },
      { line: "18", edge: "falling", rigNs: 5_123_290_000_000n, sync: true },
      { line: "17", edge: "rising", rigNs: 5_124_484_567_891n },
    ]);
  });

  it("passes hte on to v2, and tells v1 nothing (it has no such option) and says so", async () => {
    expect((await read(2, "v2_default_unnamed.txt", "hte")).args).toBe("-c gpiochip0 --event-clock hte 17 18");
    const v1 = await read(1, "v1_default.txt");
    expect(v1.args).toBe("gpiochip0 17 18");
    expect(v1.clock).toMatch(/gpiomon v1 \(the kernel's default clock/);
    expect(v1.edges.filter((e) => !e.sync).map((e) => e.rigNs)[0]).toBe(5_124_484_567_891n);
    await expect(read(1, "v1_default.txt", "hte")).rejects.toThrow(/--event-clock hte needs libgpiod v2/);
  });
});
