import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/webhooks";

/** {@link queries.createWebhook} on the process's database. */
export const createWebhook = onProcessDatabase(queries.createWebhook);

/** {@link queries.deleteWebhook} on the process's database. */
export const deleteWebhook = onProcessDatabase(queries.deleteWebhook);

/** {@link queries.setWebhookEnabled} on the process's database. */
export const setWebhookEnabled = onProcessDatabase(queries.setWebhookEnabled);

/** {@link queries.enqueueDeliveries} on the process's database. */
export const enqueueDeliveries = onProcessDatabase(queries.enqueueDeliveries);

/** {@link queries.claimDueDeliveries} on the process's database. */
export const claimDueDeliveries = onProcessDatabase(queries.claimDueDeliveries);

/** {@link queries.recordDeliveryAttempt} on the process's database. */
export const recordDeliveryAttempt = onProcessDatabase(queries.recordDeliveryAttempt);

/** {@link queries.enqueueTestDelivery} on the process's database. */
export const enqueueTestDelivery = onProcessDatabase(queries.enqueueTestDelivery);
