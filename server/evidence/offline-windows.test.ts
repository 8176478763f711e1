/**
 * An offline bundle written before events could carry their own window (its results have no
 * `margin_ms` and no `early_activations`) still verifies with this version; one whose results
 * were altered does not.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareLists, compareOptionsSchema } from "@/lib/analysis/compare-lists";
import { parseEventList } from "@/lib/analysis/formats";
import { writeBundleDir } from "./bundle";
import { offlineEvidence } from "./offline-evidence";
import { instanceSigningKey } from "./signing-key";
import { verifyBundle } from "./verify-bundle";

const scratch = mkdtempSync(path.join(os.tmpdir(), "sightline-offline-windows-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const reference = { file: "ref.txt", text: "1.0\t2.0\tpedestrian\n4.0\t5.0\tcyclist\n" };
const detections = { file: "det.txt", text: "1.1\n4.3\n8.0\n" };

function bundle(name: string, edit: (result: Record<string, unknown>) => Record<string, unknown>) {
  const options = compareOptionsSchema.parse({});
  const result = compareLists(
    parseEventList(reference.text, "ref.txt"),
    parseEventList(detections.text, "det.txt"),
    options,
  );
  const dir = path.join(scratch, name);
  writeBundleDir(dir, offlineEvidence({ reference, detections }, options, edit(result as never) as never));
  return dir;
}

describe("offline evidence from before events' own windows", () => {
  it("verifies without margins and early activations, and still catches an altered result", () => {
    const old = bundle("old", ({ early_activations: _e, matches, ...rest }) => ({
      ...rest,
      matches: (matches as { margin_ms: unknown }[]).map(({ margin_ms: _m, ...m }) => m),
    }));
    expect(JSON.parse(readFileSync(path.join(old, "results.json"), "utf8"))).not.toHaveProperty("early_activations");
    expect(verifyBundle(old, instanceSigningKey().publicKey).ok).toBe(true);
    expect(
      verifyBundle(
        bundle("new", (r) => r),
        instanceSigningKey().publicKey,
      ).ok,
    ).toBe(true);
    const altered = bundle("altered", ({ early_activations: _e, matches, ...rest }) => ({
      ...rest,
      recall: 0.1,
      matches: (matches as { margin_ms: unknown }[]).map(({ margin_ms: _m, ...m }) => m),
    }));
    const report = verifyBundle(altered, instanceSigningKey().publicKey);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.what === "evaluation")?.detail).toMatch(/differs/);
  });
});
