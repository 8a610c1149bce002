"use client";

import { useQuery } from "@tanstack/react-query";
import type { AutomationState } from "@/lib/dashboard/automation";

async function fetchState(): Promise<AutomationState> {
  const response = await fetch("/api/dashboard/automation", { cache: "no-store" });
  if (!response.ok) throw new Error(`automation state: HTTP ${response.status}`);
  return (await response.json()) as AutomationState;
}

/** The automation's state, polled; the banner and the sessions header share one query. */
export function useAutomationState(refreshMs = 10_000) {
  return useQuery({ queryKey: ["automation-state"], queryFn: fetchState, refetchInterval: refreshMs });
}
