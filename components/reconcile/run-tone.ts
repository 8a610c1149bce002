import type { Tone } from "@/components/ui/badge";

/** How each run status looks. */
export const runTone: Record<string, Tone> = {
  succeeded: "ok",
  dry_run: "info",
  skipped: "neutral",
  paused: "warning",
  running: "info",
  partial: "warning",
  blocked: "warning",
  failed: "error",
};
