"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the server components of the page every few seconds, keeping client state. Paused
 * while the tab is hidden (no load on the server for a page nobody sees), and caught up at once
 * when it is shown again.
 */
export function AutoRefresh({ intervalMs = 5_000 }: { intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const refreshIfShown = () => {
      if (!document.hidden) router.refresh();
    };
    const timer = setInterval(refreshIfShown, intervalMs);
    document.addEventListener("visibilitychange", refreshIfShown);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", refreshIfShown);
    };
  }, [router, intervalMs]);
  return null;
}
