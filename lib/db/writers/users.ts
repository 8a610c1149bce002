import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/users";

/** {@link queries.createPasswordUser} on the process's database. */
export const createPasswordUser = onProcessDatabase(queries.createPasswordUser);

/** {@link queries.setUserPassword} on the process's database. */
export const setUserPassword = onProcessDatabase(queries.setUserPassword);

/** {@link queries.setUserRole} on the process's database. */
export const setUserRole = onProcessDatabase(queries.setUserRole);

/** {@link queries.deleteUserSessions} on the process's database. */
export const deleteUserSessions = onProcessDatabase(queries.deleteUserSessions);
