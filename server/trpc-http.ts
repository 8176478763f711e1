/**
 * tRPC over HTTP at /api/trpc, answered by Sightline's own HTTP server before Next.js routing:
 * the procedures need none of Next's page machinery, and skipping it makes each call several
 * times cheaper (the dashboard is polled by many managers at once).
 *
 * A single query over GET — what every page's polling is — is answered here directly: the
 * procedure is called as tRPC's own handler calls it, and the answer written as that handler
 * writes it (status, content type, `vary`, body; a test holds the two to the same bytes), without
 * turning the request into a Fetch Request and the answer into a Fetch Response, which cost more
 * than a kept dashboard answer itself. A kept (frozen) answer's body is written once for all
 * callers. Everything else — batches, mutations, streams, input that is not JSON — goes to tRPC's
 * handler.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { getTRPCErrorFromUnknown, getTRPCErrorShape, transformTRPCResponse } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
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

/** tRPC's own handler: everything but a single GET query (and, in tests, the reference for it). */
export const standardTrpcHandler = createHTTPHandler({
  router: appRouter,
  // A body is read up to its bound and no further; a batch carries a bounded number of calls.
  maxBodySize: TRPC_BODY_MAX_BYTES,
  maxBatchSize: TRPC_BATCH_MAX,
  basePath: TRPC_PATH,
  createContext: ({ req }) => createContext({ headers: toHeaders(req.headers) }),
});

export function trpcHttpHandler(req: IncomingMessage, res: ServerResponse): void {
  const query = singleQuery(req);
  if (!query) {
    standardTrpcHandler(req, res);
    return;
  }
  answerQuery(query, req, res).catch(() => {
    // Only writing the answer can fail here (the socket went away); nothing is left to tell.
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
}

type SingleQuery = { path: string; input: unknown };
const config = appRouter._def._config;
const procedures = appRouter._def.procedures as Record<string, unknown>;

/** The request as a single query over GET, or null for tRPC's own handler. */
function singleQuery(req: IncomingMessage): SingleQuery | null {
  if (req.method !== "GET" || !req.url?.startsWith(TRPC_PATH)) return null;
  // A client asking for a stream or SSE gets tRPC's handler, which knows them.
  if (req.headers["trpc-accept"] !== undefined) return null;
  const queryAt = req.url.indexOf("?");
  const searchParams = new URLSearchParams(queryAt < 0 ? "" : req.url.slice(queryAt + 1));
  if (searchParams.has("batch") || searchParams.has("connectionParams")) return null;
  let path: string;
  try {
    path = decodeURIComponent(req.url.slice(TRPC_PATH.length, queryAt < 0 ? undefined : queryAt));
  } catch {
    return null;
  }
  const procedure = procedures[path] as { _def?: { type?: string } } | undefined;
  if (procedure?._def?.type !== "query") return null;
  const raw = searchParams.get("input");
  if (!raw) return { path, input: undefined };
  try {
    return { path, input: config.transformer.input.deserialize(JSON.parse(raw)) };
  } catch {
    return null;
  }
}

type Procedure = (opts: {
  path: string;
  getRawInput: () => Promise<unknown>;
  ctx: unknown;
  type: "query";
  signal: AbortSignal | undefined;
  batchIndex: number;
}) => Promise<unknown>;

const bodies = new WeakMap<object, string>();

function successBody(data: unknown): string {
  const frozen = typeof data === "object" && data !== null && Object.isFrozen(data);
  const kept = frozen ? bodies.get(data) : undefined;
  if (kept !== undefined) return kept;
  const body = JSON.stringify(transformTRPCResponse(config, { result: { data } }));
  if (frozen) bodies.set(data, body);
  return body;
}

async function answerQuery({ path, input }: SingleQuery, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let ctx: Awaited<ReturnType<typeof createContext>> | undefined;
  let status = 200;
  let body: string;
  try {
    ctx = await createContext({ headers: toHeaders(req.headers) });
    const data = await (procedures[path] as Procedure)({
      path,
      getRawInput: async () => input,
      ctx,
      type: "query",
      signal: undefined,
      batchIndex: 0,
    });
    body = successBody(data);
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    status = getHTTPStatusCodeFromError(error);
    const shape = getTRPCErrorShape({ config, ctx, error, input, path, type: "query" });
    body = JSON.stringify(transformTRPCResponse(config, { error: shape }));
  }
  res.writeHead(status, { vary: "trpc-accept, accept", "content-type": "application/json" });
  res.end(body);
}
