/**
 * Bearer secrets (rig tokens, API tokens): a prefix naming the kind and 32 random bytes, shown
 * once; only their sha256 is stored, so a database dump does not let anyone use them.
 */
import { createHash, randomBytes } from "node:crypto";

export function newSecretToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
