import Link from "next/link";

const links = [
  { href: "/sessions", label: "Sessions" },
  { href: "/agents", label: "Agents" },
  { href: "/runs", label: "Runs" },
  { href: "/audit", label: "Audit log" },
  { href: "/status", label: "Status" },
];

/** The top bar of every page. */
export function Nav() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav className="mx-auto flex max-w-[1600px] items-center gap-6 px-4 py-3" aria-label="Main">
        <Link href="/sessions" className="font-semibold tracking-tight">
          Session Reconciler
        </Link>
        {links.map((link) => (
          <Link key={link.href} href={link.href} className="text-sm text-slate-600 hover:text-slate-900">
            {link.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
