import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AutomationBanner } from "@/components/layout/automation-banner";
import { Nav } from "@/components/layout/nav";
import { themeScript } from "@/components/layout/theme";
import { getSignedInUser } from "@/lib/auth/current-user";
import { permissions, roleAllows } from "@/lib/auth/policy";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Session Reconciler", template: "%s · Session Reconciler" },
  description: "Sessions beside the live health of their Kubernetes objects, and the fixes for drift.",
};

/** The page's CSP nonce, which proxy.ts put on the request's policy; only scripts carrying it run. */
async function getNonce(): Promise<string | undefined> {
  const policy = (await headers()).get("content-security-policy") ?? "";
  return /'nonce-([^']+)'/.exec(policy)?.[1];
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Only for showing and hiding: every page, route and action checks access itself (lib/auth/guard).
  const user = await getSignedInUser().catch(() => null);
  const granted = permissions.filter((permission) => roleAllows(user?.role, permission));
  const nonce = await getNonce();
  return (
    // The theme script sets data-theme on <html> before React hydrates it.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only rounded bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        >
          Skip to content
        </a>
        <Providers permissions={granted}>
          <Nav user={user ? { email: user.email, role: user.role } : null} permissions={granted} />
          {granted.includes("dashboard:read") ? <AutomationBanner /> : null}
          <main id="main" tabIndex={-1} className="focus:outline-none">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
