/**
 * Structured logs (pino). JSON in production so logs can be shipped and queried; readable lines
 * in development. Code running inside an HTTP request logs through `log()`, which carries the
 * request id of that request.
 */
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";
import { env } from "./env";
import { processShared } from "./runtime/slot";

/**
 * Errors as pino serialises them, without the live objects some libraries hang on them (a pg
 * client, with its whole connection state, on every connection error).
 */
function serializeError(error: unknown) {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (serialized && typeof serialized === "object") {
    delete serialized.client;
    delete serialized.connection;
  }
  return serialized;
}

function createLogger(toStderr: boolean): Logger {
  const pretty = env.NODE_ENV === "development" && (toStderr ? process.stderr.isTTY : process.stdout.isTTY);
  const options = {
    level: env.LOG_LEVEL,
    base: { service: "sightline" },
    serializers: { err: serializeError },
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { colorize: true, translateTime: "HH:MM:ss.l", destination: toStderr ? 2 : 1 },
          },
        }
      : {}),
  };
  return pretty || !toStderr ? pino(options) : pino(options, pino.destination(2));
}

/** The process's logger (each copy of this module makes its own; they write to the same place). */
export const logger: Logger = createLogger(env.SIGHTLINE_LOG_DESTINATION === "stderr");

/** Shared through the runtime slot so that Next's bundled copy of this module sees the server's scope. */
const requestScope = () => processShared("requestScope", () => new AsyncLocalStorage<Logger>());

/** The id of the request being served (sent back as X-Request-Id), to name in an error's answer. */
export function currentRequestId(): string | undefined {
  const id = requestScope().getStore()?.bindings().reqId;
  return typeof id === "string" ? id : undefined;
}

export function withRequestLogger<T>(requestLogger: Logger, run: () => T): T {
  return requestScope().run(requestLogger, run);
}

/** The logger of the current request (with its request id), or the process logger. */
export function log(): Logger {
  return requestScope().getStore() ?? logger;
}
