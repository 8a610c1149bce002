"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Whether `href` is the section of `pathname`: itself or a page under it (`/sessions/s-1`). */
export const isActiveSection = (href: string, pathname: string) =>
  pathname === href || pathname.startsWith(`${href}/`);

/** The section links of the top bar; the current section carries `aria-current="page"`. */
export function NavLinks({ links }: { links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return links.map((link) => {
    const active = isActiveSection(link.href, pathname);
    return (
      <Link
        key={link.href}
        href={link.href}
        aria-current={active ? "page" : undefined}
        className={`text-sm hover:text-slate-900 ${active ? "font-medium text-slate-900 underline decoration-2 underline-offset-8" : "text-slate-600"}`}
      >
        {link.label}
      </Link>
    );
  });
}
