/** Guards for server-rendered pages: who is signed in, and redirects for those who may not see a page. */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole } from "@/lib/roles";
import type { UserRole } from "@/lib/validation/user";
import { needsFirstAdmin } from "../services/users/needs-first-admin";
import { getSessionUser, type SessionUser } from "./session";

/** The signed-in user, or a redirect to the first-admin setup (empty database) or sign-in. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser(await headers());
  if (!user) redirect((await needsFirstAdmin()) ? "/setup" : "/sign-in");
  return user;
}

/** For pages only some roles may use; the server refuses their actions to others regardless. */
export async function requirePageRole(role: UserRole): Promise<SessionUser> {
  const user = await requirePageUser();
  if (!hasRole(user.role, role)) redirect("/projects");
  return user;
}
