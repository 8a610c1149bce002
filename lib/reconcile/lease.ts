import "server-only";
import type { Database } from "@/lib/db/client";
import {
  acquireReconcileLease,
  holdsReconcileLease,
  releaseReconcileLease,
  renewReconcileLease,
} from "@/lib/db/queries/reconcile";

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
   * `tx` when given, so the check and the write it guards commit together.
   */
  fence(tx?: Database): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the single-flight lease for `holder`, or answers null when another pass holds it. Renews
 * it every third of its TTL; a renewal that finds it gone marks it lost, and `fence()` — asked by
 * the executor before each database write and each delete — refuses from then on.
 */
export async function takeLease(
  db: Database,
  input: { holder: string; ttlSeconds: number; clock: () => Date },
): Promise<HeldLease | null> {
  const { holder, ttlSeconds, clock } = input;
  if (!(await acquireReconcileLease(db, { holder, now: clock(), ttlSeconds }))) return null;
  let lost = false;
  const renew = async () => {
    if (lost) return;
    try {
      if (!(await renewReconcileLease(db, { holder, now: clock(), ttlSeconds }))) lost = true;
    } catch {
      // The database is unreachable: the next fence() finds out whether the lease survived.
    }
  };
  const timer = setInterval(() => void renew(), (ttlSeconds * 1000) / 3);
  timer.unref();
  return {
    holder,
    async fence(tx?: Database) {
      if (lost || !(await holdsReconcileLease(tx ?? db, { holder, now: clock() }))) {
        lost = true;
        throw new LeaseLostError(holder);
      }
    },
    async release() {
      clearInterval(timer);
      await releaseReconcileLease(db, holder);
    },
  };
}
