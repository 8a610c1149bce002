// One round of the webhook delivery worker in a process of its own, on WEBHOOK_TEST_DATABASE_URL:
// test/notify/delivery.int.test.ts kills it mid-request to show that a delivery outlives its sender.
import { openDatabase } from "@/lib/db/client";
import { claimDueDeliveries, recordDeliveryAttempt } from "@/lib/db/queries/webhooks";
import { runDeliveryRound } from "@/lib/notify/deliver";

const handle = await openDatabase({ databaseUrl: process.env.WEBHOOK_TEST_DATABASE_URL!, dataDir: "unused" });
const results = await runDeliveryRound({
  claim: (input) => claimDueDeliveries(handle.db, input),
  record: (input) => recordDeliveryAttempt(handle.db, input),
  fetch: globalThis.fetch,
  clock: () => new Date(),
  policy: { maxAttempts: 4, backoffSeconds: 10, maxBackoffSeconds: 3600 },
  timeoutSeconds: 30,
});
console.log(JSON.stringify(results));
await handle.close();
