import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/installation";

/** {@link queries.recordAlive} on the process's database. */
export const recordAlive = onProcessDatabase(queries.recordAlive);
