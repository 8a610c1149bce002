import { deriveNextAttemptAt, type RetryPolicy } from "./backoff";
import { SIGNATURE_HEADER, signWebhook } from "./signature";

/** A delivery claimed for one attempt (lib/db/queries/webhooks.ts ClaimedDelivery). */
export interface DeliveryAttempt {
  id: string;
  eventType: string;
  body: string;
  attempt: number;
  url: string;
  secret: string;
}

/** What one round of the worker needs, narrowed: the server wires the database; tests do too. */
export interface DeliveryDeps {
  claim: (input: { now: Date; limit: number; claimSeconds: number }) => Promise<DeliveryAttempt[]>;
  record: (input: {
    id: string;
    attempt: number;
    delivered: boolean;
    statusCode: number | null;
    error: string | null;
    nextAttemptAt: Date | null;
    now: Date;
  }) => Promise<boolean>;
  fetch: typeof fetch;
  clock: () => Date;
  policy: RetryPolicy;
  timeoutSeconds: number;
  /** Deliveries claimed per round (and sent at once). */
  batchSize?: number;
}

export interface DeliveryResult {
  id: string;
  attempt: number;
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

const errorText = (error: unknown): string => {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return "no answer within the timeout";
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500);
};

/**
 * POSTs one attempt: the stored body as is, signed now (`X-Session-Reconciler-Signature`), with a
 * timeout, redirects not followed (a 3xx is a failed attempt: the URL the admin gave is the one
 * trusted). Delivered = any 2xx. The receiver's body is never read into our log.
 */
export async function executeDeliveryAttempt(
  delivery: DeliveryAttempt,
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  const timestamp = Math.floor(deps.clock().getTime() / 1000);
  const base = { id: delivery.id, attempt: delivery.attempt };
  try {
    const response = await deps.fetch(delivery.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutSeconds * 1000),
      headers: {
        "content-type": "application/json",
        "user-agent": "session-reconciler-webhooks/1",
        [SIGNATURE_HEADER]: signWebhook(delivery.body, delivery.secret, timestamp),
        "X-Session-Reconciler-Event": delivery.eventType,
        "X-Session-Reconciler-Delivery": delivery.id,
        "X-Session-Reconciler-Attempt": String(delivery.attempt),
      },
      body: delivery.body,
    });
    await response.body?.cancel().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return {
      ...base,
      delivered,
      statusCode: response.status,
      error: delivered ? null : `HTTP ${response.status}`,
    };
  } catch (error) {
    return { ...base, delivered: false, statusCode: null, error: errorText(error) };
  }
}

/**
 * One round of the delivery worker: claim what is due, send each claimed attempt, record each
 * result with its next attempt time ({@link deriveNextAttemptAt}) or `failed` after the last.
 * A delivery claimed past its last attempt (a worker died during it) is failed without a request.
 */
export async function runDeliveryRound(deps: DeliveryDeps): Promise<DeliveryResult[]> {
  const claimed = await deps.claim({
    now: deps.clock(),
    limit: deps.batchSize ?? 20,
    claimSeconds: deps.timeoutSeconds + 30,
  });
  return Promise.all(
    claimed.map(async (delivery) => {
      const result =
        delivery.attempt > deps.policy.maxAttempts
          ? {
              id: delivery.id,
              attempt: delivery.attempt,
              delivered: false,
              statusCode: null,
              error: "the last attempt was cut off (the sending process stopped)",
            }
          : await executeDeliveryAttempt(delivery, deps);
      const now = deps.clock();
      const nextAttemptAt = result.delivered ? null : deriveNextAttemptAt(result.attempt, now, deps.policy);
      await deps.record({ ...result, nextAttemptAt, now });
      return result;
    }),
  );
}
