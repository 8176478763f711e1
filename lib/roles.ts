/** Roles are ordered: an admin may do what an engineer may, an engineer what a viewer may. */
import type { UserRole } from "@/lib/validation/user";

const rank: Record<UserRole, number> = { viewer: 0, engineer: 1, admin: 2 };

export function hasRole(role: string | null | undefined, required: UserRole): boolean {
  return role !== null && role !== undefined && role in rank && rank[role as UserRole] >= rank[required];
}
