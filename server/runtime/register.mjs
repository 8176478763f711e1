// Loaded with `--import` before any server code: enables TypeScript (tsx) and the server-only
// resolve hook for the custom server and scripts.
import { register } from "node:module";

register("./server-only-resolve.mjs", import.meta.url);
