import { z } from "zod";

/** A session id as it appears in labels (orphans can carry any label value, so not only `s-…`). */
export const labelValueId = z
  .string()
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "is not a session id");

/** At most 50 ids per call: the UI sends big selections in chunks and shows progress. */
export const sessionIdsInput = z
  .object({
    sessionIds: z.array(labelValueId).min(1, "select at least one session").max(50, "at most 50 per call"),
  })
  .strict();
