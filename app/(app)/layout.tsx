import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { CurrentUserProvider } from "@/components/shell/current-user";
import { getSessionUser } from "@/server/auth/session";
import { needsFirstAdmin } from "@/server/services/users/needs-first-admin";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser(await headers());
  if (!user) redirect((await needsFirstAdmin()) ? "/setup" : "/sign-in");
  return (
    <CurrentUserProvider user={user}>
      <AppHeader />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </CurrentUserProvider>
  );
}
