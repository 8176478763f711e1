/**
 * Starts Sightline in one process: database (embedded or DATABASE_URL), migrations, the workflow
 * engine, and (unless worker-only) Next.js and Socket.IO on one HTTP server. Owns the shutdown
 * order: stop accepting, stop claiming tasks and let running ones finish within the grace period
 * (what is left is released to other workers), close sockets and the pool, then stop the
 * embedded PostgreSQL.
 */
import { createServer, type Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { resolveDatabase } from "../database";
import { type Dispatcher, startDispatcher } from "../dispatch/dispatcher";
import { env } from "../env";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import { startMetricsServer } from "../metrics/metrics-http";
import { attachLiveAdapter, createLiveRelay } from "../realtime/live-transport";
import { setSocketServer } from "../realtime/publish";
import { createSocketServer } from "../realtime/socket-server";
import { createRequestHandler } from "../web/handle-request";
import { startEngine } from "../workflow/engine";
import { closeRuntime, composeRuntime } from "./compose";
import { getSql, rigChannel } from "./slot";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function startServer(): Promise<void> {
  const startedAt = performance.now();
  const dev = env.NODE_ENV !== "production";
  const database = await resolveDatabase({ migrate: true, role: "server" });
  composeRuntime({ databaseUrl: database.url });
  const work = env.SIGHTLINE_MODE !== "web";
  const engine = await startEngine({
    databaseUrl: database.url,
    work,
    concurrency: env.SIGHTLINE_WORKER_CONCURRENCY,
    workerId: database.instanceId,
    takeBackFrom: database.predecessor,
  });

  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  // A worker-only process reaches browsers through the web processes, via PostgreSQL.
  const relay = env.SIGHTLINE_MODE === "worker" ? createLiveRelay(database.url) : undefined;
  if (relay) setSocketServer(relay.io);
  if (env.SIGHTLINE_MODE !== "worker") {
    web = await startWeb(dev, database.url).catch(async (error) => {
      await engine.stop(0);
      await closeRuntime();
      await database.stop();
      throw error;
    });
  }
  // Started once agents can connect, so that rigs reconnecting after a restart are heard before
  // the dispatcher's silence rule could take them for lost.
  const dispatcher: Dispatcher | undefined = work ? await startDispatcher(getSql(), rigChannel()) : undefined;

  logger.info(
    {
      url: web ? `http://localhost:${env.PORT}` : undefined,
      mode: env.SIGHTLINE_MODE,
      build: dev ? "development" : "production",
      database: database.embedded ? "embedded" : "external",
      startupMs: Math.round(performance.now() - startedAt),
    },
    web ? `Sightline is ready at http://localhost:${env.PORT}` : "Sightline worker is ready",
  );

  let stopping = false;
  const shutdown = async (reason: string, force = false) => {
    if (stopping) {
      // A second SIGTERM (a supervisor repeating itself) must not cut the grace period short;
      // a second Ctrl-C is someone at the terminal who wants out now.
      if (!force) {
        logger.warn(`${reason} again: already shutting down, within the grace period`);
        return;
      }
      logger.warn(`${reason} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${reason}: shutting down`);
    try {
      // A server started on the same data dir meanwhile waits for this one instead of refusing.
      await database.markStopping(env.SIGHTLINE_SHUTDOWN_GRACE_SECONDS).catch(() => {});
      await web?.stopAccepting();
      await engine.stop(env.SIGHTLINE_SHUTDOWN_GRACE_SECONDS);
      await dispatcher?.stop();
      await web?.close();
      await relay?.close();
      await closeRuntime();
      await database.stop();
      logger.info("Sightline stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT received", true));
  process.on("SIGTERM", () => void shutdown("SIGTERM received"));
  watchParent(() => void shutdown("the parent process (npm or a shell) exited"));
}

async function startWeb(dev: boolean, databaseUrl: string) {
  const app = next({ dev, dir: projectRoot, hostname: "localhost", port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const httpServer = createServer(createRequestHandler(handle, { dev }));
  const io = createSocketServer(httpServer);
  metrics().socketCounts = () => ({ live: io.of("/live").sockets.size, rig: io.of("/rig").sockets.size });
  const metricsServer = await startMetricsServer();
  const transport = attachLiveAdapter(io, databaseUrl);
  setSocketServer(io);
  await listen(httpServer).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") {
      throw new Error(`Port ${env.PORT} is already in use: stop the other server or set PORT to a free port.`, {
        cause: error,
      });
    }
    throw error;
  });
  return {
    async stopAccepting() {
      metricsServer?.close();
      httpServer.close();
      httpServer.closeIdleConnections();
    },
    async close() {
      setSocketServer(undefined);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await transport.close();
      httpServer.closeAllConnections();
      await app.close().catch((error: unknown) => logger.warn({ err: error }, "Next.js did not close cleanly"));
    },
  };
}

function listen(httpServer: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(env.PORT, env.HOST, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
}

/**
 * `npm start` runs the server under npm and a shell; a SIGTERM to npm kills the shell without
 * passing the signal on, which would leave this process (and its PostgreSQL) running. An orphaned
 * server notices that its parent changed and shuts down in order.
 */
function watchParent(onOrphaned: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, 500);
  timer.unref();
}
