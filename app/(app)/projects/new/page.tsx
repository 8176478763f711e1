import type { Metadata } from "next";
import Link from "next/link";
import { CreateProjectForm } from "@/components/project/create-project-form";
import { requirePageRole } from "@/server/auth/page-guards";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  await requirePageRole("engineer");
  return (
    <div className="space-y-6">
      <div>
        <Link href="/projects" className="text-sm text-link hover:underline">
          ← All projects
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">New project</h1>
      </div>
      <CreateProjectForm />
    </div>
  );
}
