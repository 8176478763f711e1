/** Checks a bundle folder: signature, hashes, and the evaluation derived again (./bundle.ts, ./rerun.ts). */
import type { KeyObject } from "node:crypto";
import { type Check, checkSeal, readBundleDir } from "./bundle";
import { checkRerun } from "./rerun";

export function verifyBundle(dir: string, key: KeyObject): { checks: Check[]; ok: boolean } {
  let files: ReturnType<typeof readBundleDir>;
  try {
    files = readBundleDir(dir);
  } catch (error) {
    return { checks: [{ what: "bundle", ok: false, detail: (error as Error).message }], ok: false };
  }
  const { checks, manifest } = checkSeal(files, key);
  if (manifest) checks.push(checkRerun(files, manifest));
  return { checks, ok: checks.every((c) => c.ok) };
}
