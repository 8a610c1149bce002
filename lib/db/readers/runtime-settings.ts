import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/runtime-settings";

/** {@link queries.getRuntimeSettings} on the process's database. */
export const getRuntimeSettings = onProcessDatabase(queries.getRuntimeSettings);
