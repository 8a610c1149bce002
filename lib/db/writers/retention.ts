import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/retention";

/** {@link queries.pruneOnceADay} on the process's database. */
export const pruneOnceADay = onProcessDatabase(queries.pruneOnceADay);
