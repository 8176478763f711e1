import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { UserAdmin } from "@/components/users/user-admin";
import { hasRole } from "@/server/auth/roles";
import { getSessionUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await getSessionUser(await headers());
  if (!hasRole(user?.role, "admin")) redirect("/projects");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <UserAdmin />
    </div>
  );
}
