import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/installation";

/** {@link queries.getInstallationId} on the process's database. */
export const getInstallationId = onProcessDatabase(queries.getInstallationId);
