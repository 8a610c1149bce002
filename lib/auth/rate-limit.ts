import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { getEnv } from "@/lib/config/env";
import { ApiError } from "@/lib/http/errors";

/**
 * Failed bearer-token attempts per client address (rate-limiter-flexible, in this process's
 * memory): after AUTH_RATE_LIMIT_PER_MINUTE failures the address gets 429 for the rest of the
 * minute, even with a right token, so guessing a token costs minutes per handful of tries.
 * Sign-in attempts are limited by better-auth itself (lib/auth/auth.ts), in the database.
 */
let limiter: RateLimiterMemory | undefined;

function getLimiter(): RateLimiterMemory {
  limiter ??= new RateLimiterMemory({ points: getEnv().AUTH_RATE_LIMIT_PER_MINUTE, duration: 60 });
  return limiter;
}

/** Throws 429 when `address` has used up its failures for this minute. */
export async function assertNotLimited(address: string): Promise<void> {
  const state = await getLimiter().get(address);
  if (state && state.consumedPoints >= getLimiter().points) {
    const seconds = Math.ceil(state.msBeforeNext / 1000);
    throw new ApiError(
      429,
      "rate_limited",
      `too many failed attempts from this address; retry in ${seconds} s`,
      {
        retryAfterSeconds: seconds,
      },
    );
  }
}

/** Counts one failed attempt from `address`. */
export async function countFailedAttempt(address: string): Promise<void> {
  await getLimiter().penalty(address, 1);
}
