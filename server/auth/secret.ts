/**
 * The secret that signs session cookies: SIGHTLINE_AUTH_SECRET, or one generated at first start
 * and kept in the data dir (so sessions survive restarts). Several processes on several machines
 * must share SIGHTLINE_AUTH_SECRET.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env";

export function resolveAuthSecret(): string {
  if (env.SIGHTLINE_AUTH_SECRET) return env.SIGHTLINE_AUTH_SECRET;
  const file = path.join(env.SIGHTLINE_DATA_DIR, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(env.SIGHTLINE_DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    // "wx": if another process created it meanwhile, fail and read theirs.
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}
