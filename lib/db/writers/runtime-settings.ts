import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/runtime-settings";

/** {@link queries.updateRuntimeSettings} on the process's database. */
export const updateRuntimeSettings = onProcessDatabase(queries.updateRuntimeSettings);

/** {@link queries.setAutomationPaused} on the process's database. */
export const setAutomationPaused = onProcessDatabase(queries.setAutomationPaused);
