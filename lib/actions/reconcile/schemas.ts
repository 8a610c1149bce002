import { z } from "zod";

/** A previewed plan's fingerprint (`RunReport.planHash`): "Apply" runs that plan or nothing. */
export const applyReconcileInput = z
  .object({ planHash: z.string().regex(/^[0-9a-f]{64}$/, "the plan hash of a preview (64 hex digits)") })
  .strict();
