import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/session-lifecycle";

/** {@link queries.applyCommandResult} on the process's database. */
export const applyCommandResult = onProcessDatabase(queries.applyCommandResult);
