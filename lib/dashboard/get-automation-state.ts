import "server-only";
import { getLastDecidingRun } from "@/lib/db/readers/reconcile";

/** What every page's header says about the automation: held at the blast-radius limit, or not. */
export interface AutomationState {
  /** The last deciding run held its destructive actions; they wait for a human (an admin). */
  blocked: { runId: number; since: string; reason: string } | null;
}

export async function getAutomationState(): Promise<AutomationState> {
  const run = await getLastDecidingRun();
  if (run?.status !== "blocked") return { blocked: null };
  return {
    blocked: {
      runId: run.id,
      since: (run.finishedAt ?? run.startedAt).toISOString(),
      reason: run.error ?? "the blast-radius limit held its destructive actions",
    },
  };
}
