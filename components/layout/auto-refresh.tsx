"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the server components of the page every few seconds, keeping client state. */
export function AutoRefresh({ intervalMs = 5_000 }: { intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs]);
  return null;
}
