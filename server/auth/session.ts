/** The signed-in user of a request, from its session cookie. */
import type { UserRole } from "@/db/validation/user";
import { getAuth } from "./auth";

export type SessionUser = { id: string; email: string; name: string; role: UserRole };

export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { id, email, name, role } = session.user as typeof session.user & { role?: string };
  return { id, email, name, role: (role ?? "viewer") as UserRole };
}
