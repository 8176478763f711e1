/**
 * The headers every answer carries: a Content-Security-Policy whose scripts must bear this
 * request's nonce (so a script that reaches a page through data cannot run, nor can an inline
 * handler), no framing by any page, no MIME sniffing, no full URLs sent to other sites, and HSTS
 * when Sightline is served over HTTPS. Next.js reads the nonce from the policy on the request
 * and puts it on its own scripts; the root layout puts it on the theme script.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** The request header that hands the nonce to the root layout. */
export const NONCE_HEADER = "x-sightline-nonce";

export type SecurityOptions = { dev: boolean; https: (req: IncomingMessage) => boolean };

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Development builds evaluate modules (React Refresh); production ones never do.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Charts and React set style attributes; styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the headers on the answer and the policy on the request (for Next.js); gives the nonce. */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: SecurityOptions): string {
  const nonce = randomBytes(16).toString("base64");
  const policy = contentSecurityPolicy(nonce, options.dev);
  req.headers["content-security-policy"] = policy;
  req.headers[NONCE_HEADER] = nonce;
  res.setHeader("content-security-policy", policy);
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "same-origin");
  res.setHeader("cross-origin-opener-policy", "same-origin");
  if (options.https(req)) res.setHeader("strict-transport-security", "max-age=31536000");
  return nonce;
}
