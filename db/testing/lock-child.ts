// Test fixture: a process that takes a data dir's lock (db/data-dir-lock.ts) as a server or the
// command, prints what it got as one JSON line, and holds it until told on stdin: "stopping" marks
// it shutting down (with a grace period), "release" lets it go and exits.
import { createInterface } from "node:readline";
import { lockDataDir } from "../data-dir-lock";

const [dataDir, role, instanceId] = process.argv.slice(2);
if (!dataDir || (role !== "server" && role !== "cli") || !instanceId) {
  throw new Error("usage: lock-child.ts <data dir> server|cli <instance id>");
}
const log = {
  info: (m: string) => process.stderr.write(`${m}\n`),
  warn: (m: string) => process.stderr.write(`${m}\n`),
};
try {
  const lock = await lockDataDir(dataDir, { role, instanceId, log });
  process.stdout.write(
    `${JSON.stringify(lock.kind === "owner" ? { kind: "owner", predecessor: lock.predecessor } : lock)}\n`,
  );
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "stopping" && lock.kind === "owner") await lock.markStopping(30);
    if (line === "release") {
      if (lock.kind === "owner") await lock.release();
      process.exit(0);
    }
  }
} catch (error) {
  process.stdout.write(`${JSON.stringify({ kind: "refused", message: (error as Error).message })}\n`);
  process.exit(3);
}
