/**
 * The signed-in user of a request, from its session cookie. Lookups are kept for a few seconds
 * per cookie: a page or a dashboard makes many calls at once, and each would otherwise cost a
 * database round trip. So a sign-out, a revoked session or a changed role takes effect within
 * SESSION_CACHE_MS everywhere (at once in the process that made the change).
 */
import type { UserRole } from "@/lib/validation/user";
import { processShared } from "../runtime/slot";
import { ShortCache } from "../short-cache";
import { getAuth } from "./auth";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** The browser session's token (not for API tokens): "sign out everywhere else" keeps it. */
  sessionToken?: string;
};

const SESSION_CACHE_MS = 5_000;
// One cache per process: the tRPC handler and Next.js's bundle each load this module.
const sessions = () => processShared("sessions", () => new ShortCache<SessionUser | null>(SESSION_CACHE_MS, 10_000));

async function lookUp(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { id, email, name, role } = session.user as typeof session.user & { role?: string };
  return { id, email, name, role: (role ?? "viewer") as UserRole, sessionToken: session.session.token };
}

export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const cookie = headers.get("cookie");
  // No cookie, no session: nothing to look up or keep.
  if (!cookie) return lookUp(headers);
  return sessions().get(cookie, () => lookUp(headers));
}

/** Forgets every kept lookup, after a change that must apply at once (role change, sign-out). */
export function forgetSessions(): void {
  sessions().clear();
}
