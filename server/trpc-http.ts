/**
 * tRPC over HTTP at /api/trpc, answered by Sightline's own HTTP server before Next.js routing:
 * the procedures need none of Next's page machinery, and skipping it makes each call several
 * times cheaper (the dashboard is polled by many managers at once).
 */
import type { IncomingHttpHeaders } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { TRPC_BATCH_MAX, TRPC_BODY_MAX_BYTES } from "@/lib/validation/limits";
import { appRouter } from "./routers/_app";
import { createContext } from "./trpc";

export const TRPC_PATH = "/api/trpc/";

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

export const trpcHttpHandler = createHTTPHandler({
  router: appRouter,
  // A body is read up to its bound and no further; a batch carries a bounded number of calls.
  maxBodySize: TRPC_BODY_MAX_BYTES,
  maxBatchSize: TRPC_BATCH_MAX,
  basePath: TRPC_PATH,
  createContext: ({ req }) => createContext({ headers: toHeaders(req.headers) }),
});
