import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { getEnv } from "@/lib/config/env";

/**
 * Failed passwords and failed bearer tokens per key — a client address, or an identity a bearer
 * token claims (`agent:<id>`, `secret:<variable>`) — counted in this process's memory
 * (rate-limiter-flexible). After AUTH_RATE_LIMIT_PER_MINUTE failures on a key, further failures on
 * it answer 429 for the rest of the minute. A valid bearer token always passes (lib/auth/guard.ts):
 * others' failures from one address must never silence the agents behind it. A password from a
 * blocked address is still refused (better-auth adds its own per-address limit on sign-in,
 * kept in the database). The address is what lib/auth/auth.ts `clientAddress` reads.
 */
let limiter: RateLimiterMemory | undefined;

function getLimiter(): RateLimiterMemory {
  limiter ??= new RateLimiterMemory({ points: getEnv().AUTH_RATE_LIMIT_PER_MINUTE, duration: 60 });
  return limiter;
}

/** Seconds until `address` may try again, or 0 when it may now. */
export async function secondsUntilAllowed(address: string): Promise<number> {
  const state = await getLimiter().get(address);
  return state && state.consumedPoints >= getLimiter().points ? Math.ceil(state.msBeforeNext / 1000) : 0;
}

/** Counts one failed attempt from `address`. */
export async function countFailedAttempt(address: string): Promise<void> {
  await getLimiter().penalty(address, 1);
}

/** The message of a refusal, the same for passwords and tokens. */
export function tooManyAttemptsMessage(seconds: number): string {
  return `too many failed attempts from this address; retry in ${seconds} s`;
}
