import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CreateProjectForm } from "@/components/project/create-project-form";
import { hasRole } from "@/server/auth/roles";
import { getSessionUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  const user = await getSessionUser(await headers());
  if (!hasRole(user?.role, "engineer")) redirect("/projects");
  return (
    <div className="space-y-6">
      <div>
        <Link href="/projects" className="text-sm text-brand-600 hover:underline">
          ← All projects
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">New project</h1>
      </div>
      <CreateProjectForm />
    </div>
  );
}
