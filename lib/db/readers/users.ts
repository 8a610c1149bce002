import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/users";

/** {@link queries.listUsers} on the process's database. */
export const listUsers = onProcessDatabase(queries.listUsers);
