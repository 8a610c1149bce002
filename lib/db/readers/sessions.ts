import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/sessions";

/** {@link queries.getSession} on the process's database. */
export const getSession = onProcessDatabase(queries.getSession);

/** {@link queries.listSessionsForView} on the process's database. */
export const listSessionsForView = onProcessDatabase(queries.listSessionsForView);

/** {@link queries.listSessions} on the process's database. */
export const listSessions = onProcessDatabase(queries.listSessions);
