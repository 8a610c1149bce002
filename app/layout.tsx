import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "@/components/layout/nav";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "Session Reconciler",
  description: "Sessions beside the live health of their Kubernetes objects, and the fixes for drift.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <Providers>
          <Nav />
          {children}
        </Providers>
      </body>
    </html>
  );
}
