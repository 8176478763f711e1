/**
 * Evidence bundles (DESIGN §11): a folder of files — the inputs in canonical form, the results,
 * the report — with `manifest.json` (the sha256 of every file, and what the files are) and
 * `signature` (Ed25519 over the manifest's bytes, base64). Writing one, reading one back, and
 * checking one: the signature, every file against its hash (none missing, none added), then the
 * evaluation re-run from the bundle's own inputs (./rerun.ts) against its stored results.
 */
import type { KeyObject } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "@/lib/canonical-json";
import { systemCommit, systemVersion } from "../software-identity";
import { sha256Hex } from "./digest";
import { fingerprintOf, publicKeyPem, type SigningKey, signatureHolds, signBytes } from "./signing-key";

const BUNDLE_FORMAT = "sightline-evidence/1";
const MANIFEST = "manifest.json";
const SIGNATURE = "signature";
/** At most this many files, and this many bytes in all, are read from a folder being verified. */
const MAX_FILES = 64;
const MAX_BYTES = 512 * 1024 * 1024;

export type BundleKind = "run" | "offline";

export type Manifest = {
  format: typeof BUNDLE_FORMAT;
  kind: BundleKind;
  created_at: string;
  sightline: { version: string; commit: string | null };
  /** What the bundle is about (the run, or the offline evaluation), and the digests of its inputs. */
  subject: Record<string, unknown>;
  inputs: Record<string, unknown>;
  /** sha256 of every file of the bundle but the manifest and the signature. */
  files: Record<string, string>;
  signer: { public_key: string; fingerprint: string };
};

/** Relative path → content; paths use "/" and stay inside the bundle. */
export type BundleFiles = Map<string, Buffer>;

export function jsonFile(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value));
}

export function makeManifest(
  kind: BundleKind,
  files: BundleFiles,
  subject: Record<string, unknown>,
  inputs: Record<string, unknown>,
  key: SigningKey,
): Manifest {
  return {
    format: BUNDLE_FORMAT,
    kind,
    created_at: new Date().toISOString(),
    sightline: { version: systemVersion, commit: systemCommit },
    subject,
    inputs,
    files: Object.fromEntries([...files].sort(([x], [y]) => x.localeCompare(y)).map(([p, c]) => [p, sha256Hex(c)])),
    signer: { public_key: publicKeyPem(key.publicKey), fingerprint: fingerprintOf(key.publicKey) },
  };
}

/** The report's name in a bundle: the one file the evidence digest leaves out (it states the digest). */
const REPORT = "report.pdf";

/** sha256 over the hashes of every file of the bundle but the report, which prints this digest. */
export function evidenceDigestOf(files: BundleFiles | Record<string, string>): string {
  const hashes =
    files instanceof Map
      ? [...files].map(([name, content]) => [name, sha256Hex(content)] as const)
      : Object.entries(files);
  return sha256Hex(
    canonicalJson(
      Object.fromEntries(hashes.filter(([name]) => name !== REPORT).sort(([x], [y]) => x.localeCompare(y))),
    ),
  );
}

/** The bundle's every file: its own files, the manifest, and the signature over the manifest. */
export function sealBundle(files: BundleFiles, manifest: Manifest, key: SigningKey): BundleFiles {
  const manifestBytes = jsonFile(manifest);
  const sealed = new Map(files);
  sealed.set(MANIFEST, manifestBytes);
  sealed.set(SIGNATURE, Buffer.from(`${signBytes(manifestBytes, key.privateKey)}\n`));
  return sealed;
}

/** Writes the bundle into `dir`, which must not exist or be empty (a bundle is never mixed with other files). */
export function writeBundleDir(dir: string, files: BundleFiles): void {
  let existing: string[] = [];
  try {
    existing = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (existing.length > 0) throw new Error(`${dir} is not empty: give a new or empty folder for the bundle`);
  for (const [name, content] of files) {
    const target = path.join(dir, ...name.split("/"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Every file under `dir`, by relative path (bounded: a bundle holds a few files). */
export function readBundleDir(dir: string): BundleFiles {
  const files: BundleFiles = new Map();
  let bytes = 0;
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, name);
      else if (!entry.isFile()) {
        // A link or a device could point anywhere (or never end): a bundle holds plain files only.
        throw new Error(`${name} in ${dir} is not a plain file: a bundle holds plain files only`);
      } else {
        if (files.size >= MAX_FILES) throw new Error(`${dir} holds more than ${MAX_FILES} files: it is not a bundle`);
        bytes += statSync(full).size;
        if (bytes > MAX_BYTES)
          throw new Error(`${dir} holds more than ${MAX_BYTES / 1024 / 1024} MB: it is not a bundle`);
        files.set(name, readFileSync(full));
      }
    }
  };
  try {
    walk(dir, "");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${dir} does not exist`, { cause: error });
    throw error;
  }
  return files;
}

export type Check = { what: string; ok: boolean; detail: string };

/** The signature and every hash; the manifest when it could be read. */
export function checkSeal(files: BundleFiles, key: KeyObject): { checks: Check[]; manifest: Manifest | null } {
  const checks: Check[] = [];
  const manifestBytes = files.get(MANIFEST);
  const signature = files.get(SIGNATURE);
  if (!manifestBytes || !signature) {
    checks.push({
      what: "bundle",
      ok: false,
      detail: `${!manifestBytes ? MANIFEST : SIGNATURE} is missing: this folder is not an evidence bundle`,
    });
    return { checks, manifest: null };
  }
  const signed = signatureHolds(manifestBytes, signature.toString("utf8"), key);
  checks.push({
    what: "signature",
    ok: signed,
    detail: signed
      ? `the manifest is signed by the key ${fingerprintOf(key)}`
      : `the signature does not hold for the manifest under the key ${fingerprintOf(key)}: the manifest was changed, or another key signed it`,
  });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString("utf8")) as Manifest;
    if (manifest.format !== BUNDLE_FORMAT || typeof manifest.files !== "object" || manifest.files === null) {
      throw new Error(`not a ${BUNDLE_FORMAT} manifest`);
    }
  } catch (error) {
    checks.push({ what: MANIFEST, ok: false, detail: `cannot be read: ${(error as Error).message}` });
    return { checks, manifest: null };
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const content = files.get(name);
    if (!content) checks.push({ what: name, ok: false, detail: "listed in the manifest but missing" });
    else {
      const actual = sha256Hex(content);
      checks.push({
        what: name,
        ok: actual === expected,
        detail:
          actual === expected
            ? `sha256 ${actual}`
            : `sha256 ${actual}, the manifest says ${expected}: the file was changed`,
      });
    }
  }
  for (const name of files.keys()) {
    if (name !== MANIFEST && name !== SIGNATURE && !(name in manifest.files)) {
      checks.push({ what: name, ok: false, detail: "not listed in the manifest: a file was added" });
    }
  }
  const stated = manifest.subject?.evidence_digest;
  if (typeof stated === "string") {
    const actual = evidenceDigestOf(manifest.files);
    checks.push({
      what: "evidence digest",
      ok: actual === stated,
      detail:
        actual === stated
          ? `${actual}, as the report states`
          : `the files give ${actual}, the manifest and report state ${stated}`,
    });
  }
  return { checks, manifest };
}

/** The first place two JSON values differ, as a path ("records[3].counts.tp: 5 ≠ 6"); null when equal. */
export function firstDifference(stored: unknown, derived: unknown, at = ""): string | null {
  if (canonicalJson(stored) === canonicalJson(derived)) return null;
  if (stored && derived && typeof stored === "object" && typeof derived === "object") {
    if (Array.isArray(stored) && Array.isArray(derived) && stored.length !== derived.length) {
      return `${at || "list"}: ${stored.length} entries stored, ${derived.length} derived`;
    }
    const keys = new Set([...Object.keys(stored), ...Object.keys(derived)]);
    for (const key of [...keys].sort()) {
      const next = Array.isArray(stored) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
      const found = firstDifference(
        (stored as Record<string, unknown>)[key],
        (derived as Record<string, unknown>)[key],
        next,
      );
      if (found) return found;
    }
  }
  const show = (v: unknown) => (v === undefined ? "absent" : JSON.stringify(v)?.slice(0, 120));
  return `${at || "value"}: ${show(stored)} stored, ${show(derived)} derived`;
}

/** The bundle's files, read as JSON, with a clear error naming the file. */
export function readJson<T>(files: BundleFiles, name: string): T {
  const content = files.get(name);
  if (!content) throw new Error(`${name} is missing from the bundle`);
  try {
    return JSON.parse(content.toString("utf8")) as T;
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
