// A fingerprint of everything that goes into the production build (paths, sizes, contents'
// modification times), written after each build and compared before serving.
import { createHash } from "node:crypto";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const fingerprintFile = ".next/sightline-source";
/** The production server compiled at build time (scripts/build-server.mjs); `npm start` runs it. */
export const serverBundle = ".next/sightline/server.mjs";
const roots = ["app", "components", "server", "db", "lib", "public", "agent"];
const files = ["package-lock.json", "server.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json"];

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
}

export function sourceFingerprint() {
  const all = [...files];
  for (const root of roots) walk(root, all);
  const hash = createHash("sha256");
  for (const file of all.sort()) {
    try {
      const stat = statSync(file);
      hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
    } catch {}
  }
  return hash.digest("hex");
}

if (process.argv[2] === "--write") writeFileSync(fingerprintFile, `${sourceFingerprint()}\n`);
