import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FirstAdminForm } from "@/components/auth/first-admin-form";
import { needsFirstAdmin } from "@/server/services/users/needs-first-admin";

export const metadata: Metadata = { title: "Create the first admin" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsFirstAdmin())) redirect("/sign-in");
  return (
    <>
      <h1 className="text-lg font-semibold">Create the first admin</h1>
      <p className="mb-4 mt-1 text-sm text-slate-500">
        This Sightline has no users yet. The account you create here can add engineers and viewers.
      </p>
      <FirstAdminForm />
    </>
  );
}
