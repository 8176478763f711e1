// `npm start` on a fresh clone: build the production bundle once if there is none yet.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync(".next/BUILD_ID")) {
  console.log("sightline: no production build yet, building it once (about a minute)…");
  const result = spawnSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("sightline: the build failed; see the output above.");
    process.exit(result.status ?? 1);
  }
}
