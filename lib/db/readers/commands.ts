import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/commands";

/** {@link queries.listSessionCommands} on the process's database. */
export const listSessionCommands = onProcessDatabase(queries.listSessionCommands);
