import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/audit";

/** {@link queries.listAudit} on the process's database. */
export const listAudit = onProcessDatabase(queries.listAudit);

/** {@link queries.listSessionAudit} on the process's database. */
export const listSessionAudit = onProcessDatabase(queries.listSessionAudit);

/** {@link queries.countAudit} on the process's database. */
export const countAudit = onProcessDatabase(queries.countAudit);

/** {@link queries.getLatestAuditId} on the process's database. */
export const getLatestAuditId = onProcessDatabase(queries.getLatestAuditId);
