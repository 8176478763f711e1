/** sha256 in hex, of bytes or of a value in canonical JSON. */
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/canonical-json";

export const sha256Hex = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

export const digestOf = (value: unknown): string => sha256Hex(canonicalJson(value));
