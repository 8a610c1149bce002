import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/audit";

/** {@link queries.recordAudit} on the process's database. */
export const recordAudit = onProcessDatabase(queries.recordAudit);
