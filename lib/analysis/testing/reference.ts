/**
 * Where the peers' reference data lives: SIGHTLINE_REFERENCE_DIR, or `../shared/reference` next
 * to the project. Tests read it in place and skip, saying so, where it is absent.
 */
import { existsSync } from "node:fs";
import path from "node:path";

export const referenceDir =
  process.env.SIGHTLINE_REFERENCE_DIR ?? path.resolve(import.meta.dirname, "../../../../shared/reference");

export function hasReference(subfolder: string): boolean {
  const present = existsSync(path.join(referenceDir, subfolder));
  if (!present) {
    process.stderr.write(`skipped: the reference data ${path.join(referenceDir, subfolder)} is absent\n`);
  }
  return present;
}
