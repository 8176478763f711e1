// Bundles the edge agent (agent/main.ts and what it imports) into one file that the server
// offers at /agent/sightline-agent.mjs: a rig needs only Node (22 or newer) and this file.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "public/agent/sightline-agent.mjs");

await build({
  entryPoints: [path.join(root, "agent/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  alias: { "@": root },
  // ws loads these native speed-ups only if present.
  external: ["bufferutil", "utf-8-validate"],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __sightlineRequire } from 'node:module';\nconst require = __sightlineRequire(import.meta.url);",
  },
  legalComments: "none",
  logLevel: "warning",
});
console.log(`agent bundled: ${path.relative(root, outfile)}`);
