/**
 * The address a request comes from, as Sightline trusts it: the socket's peer, or — when that
 * peer is one of SIGHTLINE_TRUSTED_PROXIES — the last address the proxy chain added to
 * X-Forwarded-For before it. A client-set X-Forwarded-For alone counts for nothing (sign-in
 * throttling keyed on it could be bypassed by sending a new one each time). The result travels
 * to better-auth and the route handlers in CLIENT_ADDRESS_HEADER, which the server always sets
 * itself.
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

export const CLIENT_ADDRESS_HEADER = "x-sightline-client-address";

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

export function parseTrustedProxies(value: string | undefined): Set<string> {
  const list = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    if (isIP(normaliseAddress(entry)) === 0) {
      throw new Error(
        `SIGHTLINE_TRUSTED_PROXIES: "${entry}" is not an IP address (list the proxies' addresses, comma-separated)`,
      );
    }
  }
  return new Set(list.map(normaliseAddress));
}

export function clientAddress(req: IncomingMessage, trusted: ReadonlySet<string>): string {
  let address = normaliseAddress(req.socket.remoteAddress ?? "");
  if (!trusted.has(address)) return address;
  const forwarded = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
    .split(",")
    .map(normaliseAddress)
    .filter((entry) => isIP(entry) !== 0);
  // From the nearest hop back: the first address that is not one of our proxies is the client.
  while (trusted.has(address) && chain.length > 0) address = chain.pop() as string;
  return address;
}
