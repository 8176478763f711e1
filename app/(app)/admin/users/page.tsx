import type { Metadata } from "next";
import { UserAdmin } from "@/components/users/user-admin";
import { requirePageRole } from "@/server/auth/page-guards";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageRole("admin");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <UserAdmin />
    </div>
  );
}
