#!/usr/bin/env node
// The `sightline` command (npx sightline ...): loads TypeScript through tsx in this process and
// runs server/cli/main.ts. It needs the Node 24 that npm/npx put first on PATH.
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(
    `sightline: Node ${process.version} is too old; run it as \`npx sightline\` from the Sightline folder so the project's Node 24 is used.\n`,
  );
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register("../server/runtime/server-only-resolve.mjs", import.meta.url);
const { register: registerTsx } = await import("tsx/esm/api");
registerTsx({ tsconfig: path.join(root, "tsconfig.json") });
// stdout carries only the command's result (JSON for scripts); logs go to stderr.
process.env.SIGHTLINE_LOG_DESTINATION = "stderr";
try {
  await import("../server/cli/main.ts");
} catch (error) {
  // Errors while loading, such as an invalid environment variable (server/env.ts), in one line.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sightline: ${message.replace(/\n\s*/g, " ")}\n`);
  process.exit(1);
}
