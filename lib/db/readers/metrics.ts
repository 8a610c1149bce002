import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/metrics";

/** {@link queries.getStoredGaugeFigures} on the process's database. */
export const getStoredGaugeFigures = onProcessDatabase(queries.getStoredGaugeFigures);
