import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { CurrentUserProvider } from "@/components/shell/current-user";
import { requirePageUser } from "@/server/auth/page-guards";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <CurrentUserProvider user={user}>
      <AppHeader />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </CurrentUserProvider>
  );
}
