#!/usr/bin/env node
// `npx sightline-agent` from a Sightline checkout: runs agent/main.ts through tsx. On a rig host,
// download the single-file bundle instead: curl -O <server>/agent/sightline-agent.mjs
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { register } = await import("tsx/esm/api");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import("../agent/main.ts");
