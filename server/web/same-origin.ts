/**
 * Cross-site request forgery: a browser sends the session cookie with a request another site
 * makes, so a mutation authenticated by the cookie must come from a page of this server. Every
 * browser names the page's origin in `Origin` on such requests; a mutation without a bearer
 * token must carry an Origin whose host is the one it was sent to (or SIGHTLINE_PUBLIC_URL's).
 * API tokens are not sent by browsers on their own, so bearer requests need no Origin.
 */
import type { IncomingMessage } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSameOrigin(origin: string | undefined, host: string | undefined, publicUrl?: string): boolean {
  if (!origin || origin === "null") return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (publicUrl && url.origin === new URL(publicUrl).origin) return true;
  return host !== undefined && url.host === host.toLowerCase();
}

/** Why a request is refused as possibly forged, or null when it may go on. */
export function forgeryRefusal(req: IncomingMessage, publicUrl?: string): string | null {
  if (SAFE_METHODS.has(req.method ?? "GET")) return null;
  if (/^Bearer\s+\S+$/i.test(req.headers.authorization ?? "")) return null;
  const origin = req.headers.origin;
  if (isSameOrigin(origin, req.headers.host, publicUrl)) return null;
  return origin
    ? `This request comes from ${origin}, not from a Sightline page: it was refused. Use Sightline's own pages, or an API token for scripts.`
    : "A request that changes something must name its Origin (browsers do) or carry an API token as `Authorization: Bearer <token>`.";
}
