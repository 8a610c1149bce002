import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import type { Permission } from "@/lib/auth/policy";
import { NavLinks } from "./nav-links";
import { NavMenu } from "./nav-menu";
import { ThemeSelect } from "./theme-select";

const links: { href: string; label: string; permission: Permission }[] = [
  { href: "/sessions", label: "Sessions", permission: "dashboard:read" },
  { href: "/agents", label: "Agents", permission: "dashboard:read" },
  { href: "/runs", label: "Runs", permission: "dashboard:read" },
  { href: "/quarantine", label: "Quarantine", permission: "dashboard:read" },
  { href: "/audit", label: "Audit log", permission: "dashboard:read" },
  { href: "/status", label: "Status", permission: "dashboard:read" },
  { href: "/users", label: "Users", permission: "users:manage" },
  { href: "/settings", label: "Settings", permission: "settings:manage" },
];

/** The top bar of every page: the sections the signed-in person may see, the theme, who they are, sign-out. */
export function Nav(props: { user: { email: string; role: string } | null; permissions: Permission[] }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav
        className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3"
        aria-label="Main"
      >
        <Link href="/sessions" className="font-semibold tracking-tight">
          Session Reconciler
        </Link>
        <NavMenu>
          <NavLinks
            links={links
              .filter((link) => props.permissions.includes(link.permission))
              .map(({ href, label }) => ({ href, label }))}
          />
          <span className="sm:ml-auto">
            <ThemeSelect />
          </span>
          {props.user ? (
            <span className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
              <span data-testid="signed-in-as">
                {props.user.email} <span className="text-xs text-slate-500">({props.user.role})</span>
              </span>
              <SignOutButton />
            </span>
          ) : null}
        </NavMenu>
      </nav>
    </header>
  );
}
