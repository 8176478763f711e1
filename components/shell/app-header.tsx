"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { authClient } from "@/components/auth/auth-client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useCurrentUser } from "./current-user";
import { ThemeSelect } from "./theme-select";

const links = [
  { href: "/dashboard", label: "Dashboard", role: "viewer" },
  { href: "/projects", label: "Projects", role: "viewer" },
  { href: "/videos", label: "Videos", role: "viewer" },
  { href: "/workflows", label: "Runs", role: "viewer" },
  { href: "/rigs", label: "Rigs", role: "viewer" },
  { href: "/test-cases", label: "Test cases", role: "viewer" },
  { href: "/admin/users", label: "Users", role: "admin" },
  { href: "/settings", label: "Settings", role: "viewer" },
] as const;

export function AppHeader() {
  const user = useCurrentUser();
  const pathname = usePathname();
  const router = useRouter();
  return (
    <header className="border-b border-slate-200 bg-surface">
      <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
        <Link href="/" className="text-lg font-semibold tracking-tight text-slate-900">
          Sightline
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-0.5">
          {links
            .filter((link) => link.role === "viewer" || user.role === link.role)
            .map((link) => (
              <Link
                key={link.href}
                href={link.href}
                className={cn(
                  "rounded-md px-2.5 py-1.5 text-sm font-medium",
                  pathname.startsWith(link.href)
                    ? "bg-slate-100 text-slate-900"
                    : "text-slate-600 hover:text-slate-900",
                )}
              >
                {link.label}
              </Link>
            ))}
        </nav>
        <div className="ml-auto flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <ThemeSelect />
          <span className="max-w-44 truncate text-slate-600" title={user.email}>
            {user.email}
          </span>
          <Badge tone="info">{user.role}</Badge>
          <Button
            variant="ghost"
            onClick={async () => {
              await authClient.signOut();
              router.replace("/sign-in");
              router.refresh();
            }}
          >
            Sign out
          </Button>
        </div>
      </div>
    </header>
  );
}
