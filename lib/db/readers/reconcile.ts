import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/reconcile";

/** {@link queries.listRuns} on the process's database. */
export const listRuns = onProcessDatabase(queries.listRuns);

/** {@link queries.countRuns} on the process's database. */
export const countRuns = onProcessDatabase(queries.countRuns);

/** {@link queries.getRun} on the process's database. */
export const getRun = onProcessDatabase(queries.getRun);

/** {@link queries.getLastDecidingRun} on the process's database. */
export const getLastDecidingRun = onProcessDatabase(queries.getLastDecidingRun);

/** {@link queries.getAutomationTimes} on the process's database. */
export const getAutomationTimes = onProcessDatabase(queries.getAutomationTimes);

/** {@link queries.listSessionRuns} on the process's database. */
export const listSessionRuns = onProcessDatabase(queries.listSessionRuns);
