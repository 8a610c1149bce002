import "server-only";
import type { LeaseStore, TransactionReads } from "./store";

/** The lease was lost (expired while this process was paused or cut off): stop acting. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  constructor(holder: string) {
    super(`the reconcile lease of ${holder} was lost: another pass may be acting; this one stops`);
  }
}

/** A held lease: renewed while the pass runs; `fence()` before every effect. */
export interface HeldLease {
  holder: string;
  /**
   * Throws LeaseLostError unless this pass still holds the lease, checked in the database — in
   * the writing transaction when given (`tx`), so the check and the write it guards commit together.
   */
  fence(tx?: TransactionReads): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the single-flight lease for `holder`, or answers null when another pass holds it. Renews
 * it every third of its TTL; a renewal that finds it gone marks it lost, and `fence()` — asked by
 * the executor before each database write and each delete — refuses from then on.
 */
export async function takeLease(
  lease: LeaseStore,
  input: { holder: string; ttlSeconds: number; clock: () => Date },
): Promise<HeldLease | null> {
  const { holder, ttlSeconds, clock } = input;
  if (!(await lease.acquire({ holder, now: clock(), ttlSeconds }))) return null;
  let lost = false;
  const renew = async () => {
    if (lost) return;
    try {
      if (!(await lease.renew({ holder, now: clock(), ttlSeconds }))) lost = true;
    } catch {
      // The database is unreachable: the next fence() finds out whether the lease survived.
    }
  };
  const timer = setInterval(() => void renew(), (ttlSeconds * 1000) / 3);
  timer.unref();
  const holdsNow = sharedCheck(() => lease.holds({ holder, now: clock() }));
  return {
    holder,
    async fence(tx?: TransactionReads) {
      const holds = () => (tx ? tx.holdsLease(holder, clock()) : holdsNow());
      if (lost || !(await holds())) {
        lost = true;
        throw new LeaseLostError(holder);
      }
    },
    async release() {
      clearInterval(timer);
      await lease.release(holder);
    },
  };
}

/**
 * One database read answers every fence asked while it waits to leave, and none asked after it
 * left: each caller's answer is read after its call, as if it had asked alone. A pass fences
 * every delete, 32 at a time; one read each held the pool and the deletes behind it, while one
 * read in flight and one waiting answer them all.
 */
export function sharedCheck(check: () => Promise<boolean>): () => Promise<boolean> {
  let previous: Promise<unknown> = Promise.resolve();
  let waiting: Promise<boolean> | undefined;
  return () => {
    if (waiting) return waiting;
    const next = previous
      .catch(() => undefined)
      .then(() => {
        // From here on, a new caller waits for the next read: this one may read before its call.
        waiting = undefined;
        return check();
      });
    waiting = next;
    previous = next;
    return next;
  };
}
