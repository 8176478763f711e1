/**
 * The origin links in Sightline's answers (CSV exports) should carry: SIGHTLINE_PUBLIC_URL's, or
 * the host the request was sent to (Next.js sees every request as for localhost, where the
 * server listens, whatever name the browser used).
 */
import { env } from "../env";

export function publicOrigin(req: Request): string {
  if (env.SIGHTLINE_PUBLIC_URL) return new URL(env.SIGHTLINE_PUBLIC_URL).origin;
  const host = req.headers.get("host");
  const url = new URL(req.url);
  if (!host || !/^[\w.-]+(:\d{1,5})?$|^\[[\da-f:.]+\](:\d{1,5})?$/i.test(host)) return url.origin;
  return `${url.protocol}//${host}`;
}
