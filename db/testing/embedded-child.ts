// Test fixture: a process that starts the embedded PostgreSQL in the given dir, prints its URL,
// and keeps running until it is killed (db/embedded.test.ts kills it with SIGKILL).
import { startEmbeddedPostgres } from "../embedded";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: embedded-child.ts <data dir>");
const handle = await startEmbeddedPostgres({ dataDir, log: { info: () => {}, warn: () => {} } });
process.stdout.write(`${JSON.stringify({ url: handle.url, port: handle.port })}\n`);
setInterval(() => {}, 60_000);
