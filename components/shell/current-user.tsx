"use client";
import { createContext, type ReactNode, useContext } from "react";
import type { UserRole } from "@/lib/validation/user";

export type CurrentUser = { id: string; email: string; name: string; role: UserRole };
const CurrentUserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): CurrentUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error("useCurrentUser outside the signed-in layout");
  return user;
}

/** For hiding controls; the server enforces the same rule. */
export function useCanEdit(): boolean {
  const { role } = useCurrentUser();
  return role === "engineer" || role === "admin";
}
