// `npm start` / `npm run test:e2e`: build the production bundle when there is none, or when the
// sources changed since it was built (so a pulled change is never served from an old build).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fingerprintFile, serverBundle, sourceFingerprint } from "./source-fingerprint.mjs";

const built = existsSync(".next/BUILD_ID") && existsSync(serverBundle) && existsSync(fingerprintFile);
const stale = built && readFileSync(fingerprintFile, "utf8").trim() !== sourceFingerprint();
if (!built || stale) {
  console.log(
    stale
      ? "sightline: the sources changed since the last build; building again…"
      : "sightline: no production build yet, building it once (about a minute)…",
  );
  const result = spawnSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("sightline: the build failed; see the output above.");
    process.exit(result.status ?? 1);
  }
}
