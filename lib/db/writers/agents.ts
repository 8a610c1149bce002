import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/agents";

/** {@link queries.setAgentApproval} on the process's database. */
export const setAgentApproval = onProcessDatabase(queries.setAgentApproval);

/** {@link queries.revokeAgentCredential} on the process's database. */
export const revokeAgentCredential = onProcessDatabase(queries.revokeAgentCredential);

/** {@link queries.recordAgentDisconnects} on the process's database. */
export const recordAgentDisconnects = onProcessDatabase(queries.recordAgentDisconnects);

/** {@link queries.registerAgent} on the process's database. */
export const registerAgent = onProcessDatabase(queries.registerAgent);
