/**
 * The evidence of an offline evaluation (`sightline evaluate --evidence DIR`): the two event
 * files as given (byte for byte), the options, the results, signed like a run's bundle, so a
 * result computed on files can be re-derived and checked by `sightline evidence verify`.
 */
import path from "node:path";
import type { CompareOptions, CompareResult } from "@/lib/analysis/compare-lists";
import { type BundleFiles, jsonFile, makeManifest, sealBundle } from "./bundle";
import { sha256Hex } from "./digest";
import { OFFLINE_FILES } from "./rerun";
import { instanceSigningKey } from "./signing-key";

/** The bundle's name of an input file: its role, with the original extension (the parser reads the format from it). */
function inputName(role: "reference" | "detections", file: string): string {
  const ext =
    file === "-"
      ? ".txt"
      : path
          .extname(file)
          .toLowerCase()
          .replace(/[^.a-z0-9]/g, "") || ".txt";
  return `inputs/${role}${ext}`;
}

export function offlineEvidence(
  input: { reference: { file: string; text: string }; detections: { file: string; text: string } },
  options: CompareOptions,
  result: CompareResult,
): BundleFiles {
  const referenceName = inputName("reference", input.reference.file);
  const detectionsName = inputName("detections", input.detections.file);
  const files: BundleFiles = new Map();
  files.set(referenceName, Buffer.from(input.reference.text, "utf8"));
  files.set(detectionsName, Buffer.from(input.detections.text, "utf8"));
  files.set(OFFLINE_FILES.options, jsonFile({ ...options, reference: referenceName, detections: detectionsName }));
  files.set(OFFLINE_FILES.results, jsonFile(result));
  const key = instanceSigningKey();
  const manifest = makeManifest(
    "offline",
    files,
    {
      reference_file: input.reference.file === "-" ? "stdin" : path.basename(input.reference.file),
      detections_file: input.detections.file === "-" ? "stdin" : path.basename(input.detections.file),
      mode: options.mode,
    },
    {
      reference: sha256Hex(files.get(referenceName) as Buffer),
      detections: sha256Hex(files.get(detectionsName) as Buffer),
      options,
    },
    key,
  );
  return sealBundle(files, manifest, key);
}
