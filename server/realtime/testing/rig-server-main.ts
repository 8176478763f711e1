/**
 * The server's rig side as its own process, for tests that restart it: HTTP with Socket.IO
 * (/rig and /live, the PostgreSQL adapter) and the workflow engine on DATABASE_URL, without the
 * Next.js pages. Listens on PORT; prints "ready" once it accepts agents.
 */
import { createServer } from "node:http";
import { startDispatcher } from "../../dispatch/dispatcher";
import { env } from "../../env";
import { closeRuntime, composeRuntime } from "../../runtime/compose";
import { getSql, rigChannel } from "../../runtime/slot";
import { startEngine } from "../../workflow/engine";
import { attachLiveAdapter } from "../live-transport";
import { setSocketServer } from "../publish";
import { createSocketServer } from "../socket-server";

const url = env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
composeRuntime({ databaseUrl: url });
const http = createServer();
const io = createSocketServer(http);
const transport = attachLiveAdapter(io, url);
setSocketServer(io);
const engine = await startEngine({ databaseUrl: url, work: true, concurrency: env.SIGHTLINE_WORKER_CONCURRENCY });
await new Promise<void>((resolve) => http.listen(env.PORT, "127.0.0.1", resolve));
const dispatcher = await startDispatcher(getSql(), rigChannel());
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await engine.stop(2);
  await dispatcher.stop();
  await new Promise<void>((resolve) => io.close(() => resolve()));
  await transport.close();
  await closeRuntime();
  process.exit(0);
});
