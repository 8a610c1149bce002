import "server-only";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { getEnv } from "@/lib/config/env";
import { openFailureLimiter } from "@/lib/db/failure-limiter";

/**
 * Failed passwords and failed bearer tokens per key — a client address, or an identity a bearer
 * token claims (`agent:<id>`, `secret:<variable>`) — counted in the database
 * (rate-limiter-flexible's PostgreSQL store, lib/db/failure-limiter.ts), so that failures spread
 * over replicas add up; with the embedded database (one process) in memory. After
 * AUTH_RATE_LIMIT_PER_MINUTE failures on a key, further failures on it answer 429 for the rest
 * of the minute. A valid bearer token always passes (lib/auth/guard.ts): others' failures from
 * one address must never silence the agents behind it. A password from a blocked address is
 * still refused (better-auth adds its own per-address limit on sign-in requests, kept in the
 * database too). The address is what lib/auth/auth.ts `clientAddress` reads.
 */
let limiter: Promise<RateLimiterAbstract> | undefined;

function getLimiter(): Promise<RateLimiterAbstract> {
  if (!limiter) {
    const opening = openFailureLimiter({ points: getEnv().AUTH_RATE_LIMIT_PER_MINUTE, durationSeconds: 60 });
    limiter = opening;
    // A database that could not be opened now may open on the next attempt.
    opening.catch(() => {
      if (limiter === opening) limiter = undefined;
    });
  }
  return limiter;
}

/** Seconds until `address` may try again, or 0 when it may now. */
export async function secondsUntilAllowed(address: string): Promise<number> {
  const state = await (await getLimiter()).get(address);
  return state && state.consumedPoints >= getEnv().AUTH_RATE_LIMIT_PER_MINUTE
    ? Math.ceil(state.msBeforeNext / 1000)
    : 0;
}

/** Counts one failed attempt from `address`. */
export async function countFailedAttempt(address: string): Promise<void> {
  await (await getLimiter()).penalty(address, 1);
}

/** The message of a refusal, the same for passwords and tokens. */
export function tooManyAttemptsMessage(seconds: number): string {
  return `too many failed attempts from this address; retry in ${seconds} s`;
}
