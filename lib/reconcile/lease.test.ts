import { describe, expect, it } from "vitest";
import { LeaseLostError, takeLease } from "./lease";
import type { LeaseStore } from "./store";

/** A lease store whose `holds` reads wait until released by the test, counted. */
function gatedLeaseStore() {
  let holder: string | undefined;
  const pending: Array<() => void> = [];
  const store: LeaseStore & { reads: number } = {
    reads: 0,
    acquire: async (input) => {
      if (holder && holder !== input.holder) return false;
      holder = input.holder;
      return true;
    },
    renew: async (input) => holder === input.holder,
    holds: (input) => {
      store.reads += 1;
      // The answer is read when the read leaves, as a database reads it at its query's start.
      const answer = holder === input.holder;
      return new Promise((resolve) => pending.push(() => resolve(answer)));
    },
    release: async () => {
      holder = undefined;
    },
  };
  return {
    store,
    steal: (other: string) => (holder = other),
    /** Answers every read in flight. */
    answer: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

const clock = () => new Date("2026-12-05T12:00:00Z");
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the lease's fence", () => {
  it("answers the fences asked at once with one read of the database", async () => {
    const gate = gatedLeaseStore();
    const lease = (await takeLease(gate.store, { holder: "loop:a", ttlSeconds: 60, clock }))!;
    const fences = Array.from({ length: 32 }, () => lease.fence());
    await tick();
    gate.answer();
    await Promise.all(fences);
    expect(gate.store.reads).toBe(1);
    await lease.release();
  });

  it("never answers a fence with a read that left before it was asked", async () => {
    const gate = gatedLeaseStore();
    const lease = (await takeLease(gate.store, { holder: "loop:a", ttlSeconds: 60, clock }))!;
    const early = lease.fence();
    await tick(); // the first read has left, holding the lease
    gate.steal("loop:b");
    const late = Array.from({ length: 8 }, () => lease.fence());
    gate.answer();
    await expect(early).resolves.toBeUndefined();
    await tick();
    gate.answer();
    for (const fence of late) await expect(fence).rejects.toBeInstanceOf(LeaseLostError);
    expect(gate.store.reads).toBe(2);
    await lease.release();
  });

  it("reads again after a read that failed", async () => {
    let fail = true;
    const store: LeaseStore = {
      acquire: async () => true,
      renew: async () => true,
      holds: async () => {
        if (fail) throw new Error("connection refused");
        return true;
      },
      release: async () => undefined,
    };
    const lease = (await takeLease(store, { holder: "loop:a", ttlSeconds: 60, clock }))!;
    await expect(lease.fence()).rejects.toThrow("connection refused");
    fail = false;
    await expect(lease.fence()).resolves.toBeUndefined();
    await lease.release();
  });
});
