import { tableQuerySchema } from "./table-query";

/** The columns /runs sorts by (`started` is the run's id order: ids are handed out as runs start). */
export const runSortKeys = ["started", "trigger", "status", "planned", "failed", "duration"] as const;
export type RunSortKey = (typeof runSortKeys)[number];
/** /runs' sort and page in the URL; newest first by default. */
export const runsQuerySchema = tableQuerySchema(runSortKeys, "started");

/** The columns /audit sorts by (`time` is the event's id order). */
export const auditSortKeys = ["time", "actor", "action", "session", "agent"] as const;
export type AuditSortKey = (typeof auditSortKeys)[number];
/** /audit's sort and page in the URL; newest first by default. */
export const auditQuerySchema = tableQuerySchema(auditSortKeys, "time");

/** The columns /agents sorts by; it holds every agent, so it sorts them in memory. */
export const agentSortKeys = [
  "agent",
  "approval",
  "connection",
  "epoch",
  "heartbeat",
  "sessions",
  "drift",
] as const;
export type AgentSortKey = (typeof agentSortKeys)[number];
/** /agents' sort in the URL; by id, A to Z, by default. */
export const agentsQuerySchema = tableQuerySchema(agentSortKeys, "agent", "asc");

/** The webhook delivery log's page in the URL (/settings/notifications); newest first, one order. */
export const deliverySortKeys = ["created"] as const;
export const deliveriesQuerySchema = tableQuerySchema(deliverySortKeys, "created");
