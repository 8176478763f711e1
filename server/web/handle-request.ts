/**
 * Every HTTP request's first stop, before tRPC, /metrics or Next.js: its id and log line (the
 * path only — query strings can carry tokens and inputs), the security headers, the client's
 * address as Sightline trusts it, and the refusals that need nothing but the request itself:
 * an unreadable path, a body past its bound or too slow to arrive, a mutation from another
 * site's page.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "../env";
import { logger, withRequestLogger } from "../logger";
import { isMetricsPath, serveMetrics } from "../metrics/metrics-http";
import { TRPC_PATH, trpcHttpHandler } from "../trpc-http";
import { CLIENT_ADDRESS_HEADER, clientAddress, parseTrustedProxies } from "./client-address";
import { BODY_DEADLINE_MS, pathnameOf, type Refusal, requestRefusal, UPLOAD_PATH } from "./request-limits";
import { forgeryRefusal } from "./same-origin";
import { applySecurityHeaders } from "./security-headers";

type Handle = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createRequestHandler(handle: Handle, options: { dev: boolean }) {
  const trusted = parseTrustedProxies(env.SIGHTLINE_TRUSTED_PROXIES);
  const publicHttps = env.SIGHTLINE_PUBLIC_URL?.startsWith("https://") ?? false;
  const https = (req: IncomingMessage) =>
    publicHttps ||
    (req.socket as { encrypted?: boolean }).encrypted === true ||
    (trusted.has(clientAddressOfPeer(req)) && req.headers["x-forwarded-proto"] === "https");

  return (req: IncomingMessage, res: ServerResponse): void => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", requestId);
    const requestLogger = logger.child({ reqId: requestId });
    const started = performance.now();
    const pathname = pathnameOf(req.url);
    res.on("finish", () => {
      const path = pathname ?? "(unreadable path)";
      const quiet = path.startsWith("/_next/") || path.startsWith("/favicon");
      requestLogger[quiet ? "debug" : "info"](
        { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    applySecurityHeaders(req, res, { dev: options.dev, https });
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, trusted);

    withRequestLogger(requestLogger, () => {
      if (pathname === null) {
        refuse(res, "/", { status: 400, code: "INVALID_INPUT", message: "The path holds a malformed %-escape." });
        return;
      }
      const refused =
        requestRefusal(req, pathname) ??
        (() => {
          const forged = forgeryRefusal(req, env.SIGHTLINE_PUBLIC_URL);
          return forged ? { status: 403, code: "FORBIDDEN", message: forged } : null;
        })();
      if (refused) {
        refuse(res, pathname, refused);
        return;
      }
      if (pathname !== UPLOAD_PATH) bodyDeadline(req, res, pathname);
      if (isMetricsPath(req.url)) {
        serveMetrics(req, res);
        return;
      }
      if (req.url?.startsWith(TRPC_PATH)) {
        trpcHttpHandler(req, res);
        return;
      }
      handle(req, res).catch((error: unknown) => {
        requestLogger.error({ err: error }, "request failed");
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  };
}

function clientAddressOfPeer(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/** The REST API's reply shape under /api/v1, a plain error object elsewhere. */
function refuse(res: ServerResponse, pathname: string, refusal: Refusal): void {
  const error = { code: refusal.code, message: refusal.message };
  const body = pathname.startsWith("/api/v1/") ? { success: false, error: { ...error, field: null } } : { error };
  res.writeHead(refusal.status, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify(body));
}

/** A body that has not fully arrived within the deadline is answered 408 and its connection closed. */
function bodyDeadline(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  if (req.complete) return;
  const timer = setTimeout(() => {
    if (req.complete || res.headersSent) return;
    refuse(res, pathname, {
      status: 408,
      code: "TIMEOUT",
      message: `The body did not arrive within ${BODY_DEADLINE_MS / 1000} s.`,
    });
    req.destroy();
  }, BODY_DEADLINE_MS);
  timer.unref();
  const clear = () => clearTimeout(timer);
  req.once("end", clear);
  req.once("close", clear);
  res.once("finish", clear);
}
