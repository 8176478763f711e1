/**
 * Rig tokens: 32 random bytes, shown once when the rig is created; only their sha256 is stored,
 * so a database dump does not let anyone pose as a rig.
 */
import { createHash, randomBytes } from "node:crypto";

export const RIG_TOKEN_PREFIX = "slr_";

export function newRigToken(): string {
  return `${RIG_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashRigToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
