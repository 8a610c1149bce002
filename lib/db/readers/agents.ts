import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/agents";

/** {@link queries.getAgent} on the process's database. */
export const getAgent = onProcessDatabase(queries.getAgent);

/** {@link queries.listAgents} on the process's database. */
export const listAgents = onProcessDatabase(queries.listAgents);
