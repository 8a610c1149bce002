import { z } from "zod";
import { actorTypes } from "@/lib/db/schema";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The audit log's filters from the URL: a blank or unparsable field is no filter. */
export const auditFilterSchema = z.object({
  actorType: z.preprocess(blankToUndefined, z.enum(actorTypes).optional()).catch(undefined),
  actorId: z.preprocess(blankToUndefined, z.string().max(200).optional()).catch(undefined),
  action: z.preprocess(blankToUndefined, z.string().max(100).optional()).catch(undefined),
  sessionId: z.preprocess(blankToUndefined, z.string().max(100).optional()).catch(undefined),
  since: z.preprocess(blankToUndefined, z.coerce.date().optional()).catch(undefined),
  until: z.preprocess(blankToUndefined, z.coerce.date().optional()).catch(undefined),
  /** Refused requests (`auth.denied`, `auth.sign_in_failed`) in a row: one line per run, or `each`. */
  refused: z.enum(["grouped", "each"]).default("grouped").catch("grouped"),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;
