import "server-only";
import { onProcessDatabase } from "../process";
import * as queries from "../queries/webhooks";

/** {@link queries.listWebhooks} on the process's database (never the secrets). */
export const listWebhooks = onProcessDatabase(queries.listWebhooks);

/** {@link queries.listWebhookDeliveries} on the process's database. */
export const listWebhookDeliveries = onProcessDatabase(queries.listWebhookDeliveries);
