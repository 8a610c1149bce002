import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { getEnv } from "@/lib/config/env";

/**
 * Failed sign-ins and failed bearer tokens, counted in this process's memory
 * (rate-limiter-flexible) per client address and in total. After AUTH_RATE_LIMIT_PER_MINUTE
 * failures from one address, or ten times that from all addresses together, further attempts
 * are refused for the rest of the minute, even with the right password or token. The total is
 * the backstop when addresses cannot be trusted (a client that reaches the app without a proxy
 * can write any X-Forwarded-For it likes). better-auth adds its own per-address limit on
 * sign-in attempts, kept in the database (lib/auth/auth.ts).
 */
let limiters: { perAddress: RateLimiterMemory; total: RateLimiterMemory } | undefined;

function getLimiters() {
  const points = getEnv().AUTH_RATE_LIMIT_PER_MINUTE;
  limiters ??= {
    perAddress: new RateLimiterMemory({ points, duration: 60, keyPrefix: "address" }),
    total: new RateLimiterMemory({ points: points * 10, duration: 60, keyPrefix: "total" }),
  };
  return limiters;
}

/** Seconds until `address` may try again, or 0 when it may now. */
export async function secondsUntilAllowed(address: string): Promise<number> {
  const { perAddress, total } = getLimiters();
  const waits = await Promise.all(
    [
      [perAddress, address],
      [total, "all"],
    ].map(async ([limiter, key]) => {
      const state = await (limiter as RateLimiterMemory).get(key as string);
      return state && state.consumedPoints >= (limiter as RateLimiterMemory).points
        ? Math.ceil(state.msBeforeNext / 1000)
        : 0;
    }),
  );
  return Math.max(...waits);
}

/** Counts one failed attempt from `address`. */
export async function countFailedAttempt(address: string): Promise<void> {
  const { perAddress, total } = getLimiters();
  await Promise.all([perAddress.penalty(address, 1), total.penalty("all", 1)]);
}

/** The message of a refusal, the same for sign-in and tokens. */
export function tooManyAttemptsMessage(seconds: number): string {
  return `too many failed attempts; retry in ${seconds} s`;
}
