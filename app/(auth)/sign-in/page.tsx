import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUser } from "@/server/auth/session";
import { needsFirstAdmin } from "@/server/services/users/needs-first-admin";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ created?: string }> }) {
  if (await needsFirstAdmin()) redirect("/setup");
  if (await getSessionUser(await headers())) redirect("/");
  const { created } = await searchParams;
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      <SignInForm notice={created ? "Your admin account was created. Sign in with it." : undefined} />
      <p className="mt-4 text-xs text-slate-500">No account? Ask a Sightline admin to create one for you.</p>
    </>
  );
}
