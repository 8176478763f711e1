/**
 * Child processes for tests and benchmarks: a free TCP port, and a TypeScript entry started on
 * the project's Node that is ready once it prints "ready" (stopped by its pid, never by name).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node --import tsx <script>` with the server's module rules; resolves when it prints "ready". */
export function startReady(script: string, env: Record<string, string>, label = script): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./server/runtime/register.mjs", script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    child.stdout?.on("data", (chunk) => {
      if (String(chunk).includes("ready")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`${label} exited (${code}) before it was ready: ${err}`)));
  });
}
