import { AppsV1Api, CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { testAdmin, testCronSecret } from "@/test/support/auth";
import { testEnvironment, testKubeConfig, waitFor } from "@/test/support/kube";
import { orphanSpec } from "@/test/support/orphans";
import type { AppServer } from "@/test/support/processes";
import { callReplica, replicaSet, scrapeMetrics, type ReplicaSet } from "@/test/support/replicas";
import { proxiedKubeconfig } from "@/test/support/tcp-proxy";

// Two, then three app processes on one PostgreSQL database and the local cluster, each with the
// background loop on (a pass a second): replicas behind one Service. Their API server is reached
// through a TCP proxy that can delay requests, so a pass that deletes takes long enough for real
// to be killed in the middle of it.
const kube = testKubeConfig();
const apps = kube.makeApiClient(AppsV1Api);
const core = kube.makeApiClient(CoreV1Api);
let set: ReplicaSet;
let proxied: Awaited<ReturnType<typeof proxiedKubeconfig>>;

beforeAll(async () => {
  proxied = await proxiedKubeconfig(testEnvironment().kubeconfig, "replicas");
  set = await replicaSet(testEnvironment(), {
    KUBECONFIG: proxied.kubeconfig,
    RECONCILE_INTERVAL_SECONDS: "1",
    RECONCILE_LEASE_SECONDS: "4",
    RECONCILE_CONCURRENCY: "1",
    RECONCILE_MAX_DELETIONS: "1000",
    RECONCILE_MAX_SESSION_PERCENT: "100",
    ORPHAN_GRACE_SECONDS: "0",
    AUTH_RATE_LIMIT_PER_MINUTE: "4",
    // The test is the replicas' proxy: X-Forwarded-For names the client, one address per case.
    TRUSTED_PROXIES: "127.0.0.1,::1",
  });
  await set.add(2);
}, 180_000);
afterAll(async () => {
  await set?.stop();
  await proxied?.proxy.close();
  if (set) await core.deleteNamespace({ name: set.namespace }).catch(() => undefined);
}, 120_000);

const replica = (i: number): AppServer => set.replicas[i]!;
const platformOf = (app: AppServer) => ({
  namespace: set.namespace,
  installation: set.installation,
  api: (method: string, path: string, options: { token?: string } = {}) =>
    callReplica(app, method, path, options),
});
const createOrphans = async (ids: string[]) => {
  const specs = await Promise.all(ids.map((id) => orphanSpec(platformOf(replica(0)), id)));
  await Promise.all(specs.map((spec) => createSessionObjects(kube, spec)));
};
const liveDeployments = async (ids: string[]) =>
  (await apps.listNamespacedDeployment({ namespace: set.namespace })).items.filter(
    (d) => ids.includes(d.metadata!.name!) && !d.metadata?.deletionTimestamp,
  );
/** Every object the audit log says was deleted for sessions `ids`, one entry per deletion. */
const deletedObjects = async (ids: string[]) =>
  set.sql<{ kind: string; name: string; uid: string }>(
    `select o->>'kind' as kind, o->>'name' as name, o->>'uid' as uid
       from audit_events a, jsonb_array_elements(a.details->'objects') o
      where a.action = 'resources.deleted' and a.session_id = any($1)`,
    [ids],
  );

describe("replicas as one installation", () => {
  it("one pass acts per tick: every orphan is deleted once, by one run", async () => {
    const orphans = ["s-replica-one-1", "s-replica-one-2", "s-replica-one-3"];
    await createOrphans(orphans);
    // Cron triggers on both replicas at once, on top of both loops: the lease lets one act.
    for (let burst = 0; burst < 4; burst++)
      await Promise.all(
        [0, 1].map((i) => callReplica(replica(i), "GET", "/api/cron/reconcile", { token: testCronSecret })),
      );
    await waitFor("the orphans to be deleted", async () =>
      (await liveDeployments(orphans)).length === 0 ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // more ticks on every replica
    // Each object went once: later passes may delete the orphans' pods (other objects, other
    // audits), but no object is deleted by two passes.
    const deleted = await deletedObjects(orphans);
    expect(deleted.filter((o, i) => deleted.findIndex((p) => p.uid === o.uid) !== i)).toEqual([]);
    for (const id of orphans)
      expect(
        deleted
          .filter((o) => o.name === id)
          .map((o) => o.kind)
          .sort(),
      ).toEqual(["Deployment", "Service"]);
    const [runs] = await set.sql<{ skipped: number; acted: number }>(
      `select count(*) filter (where status = 'skipped')::int as skipped,
              count(*) filter (where status <> 'skipped')::int as acted from reconcile_runs`,
    );
    // Both replicas' passes met the lease taken (skipped runs), and passes did run.
    expect(runs!.skipped).toBeGreaterThan(0);
    expect(runs!.acted).toBeGreaterThan(0);
  });

  it("a sign-in on one replica is valid on every other", async () => {
    await set.add(1);
    const cookie = await signInFrom(replica(0), "198.51.100.20");
    for (const app of set.replicas) {
      expect((await callReplica(app, "GET", "/api/metrics", { cookie })).status).toBe(200);
      expect((await callReplica(app, "GET", "/api/metrics")).status).toBe(401);
    }
  });

  it("counts failed passwords across replicas together", async () => {
    // AUTH_RATE_LIMIT_PER_MINUTE=4. better-auth's own limit counts requests per path (sign-in
    // here: one success, two failures, then the right password — under its 4); ours counts
    // failures per address whatever the path and the replica: two bad sign-ins on A, two bad
    // current passwords on B, and the right password on C waits.
    const address = "198.51.100.30";
    const cookie = await signInFrom(replica(1), address);
    const badSignIn = (app: AppServer) =>
      callReplica(app, "POST", "/api/auth/sign-in/email", {
        forwardedFor: address,
        body: { email: testAdmin.email, password: "wrong-password-0001" },
      });
    const badChange = (app: AppServer) =>
      callReplica(app, "POST", "/api/auth/change-password", {
        forwardedFor: address,
        cookie,
        body: { currentPassword: "wrong-password-0002", newPassword: "another-password-0003" },
      });
    const statuses = [
      (await badSignIn(replica(0))).status,
      (await badSignIn(replica(0))).status,
      (await badChange(replica(1))).status,
      (await badChange(replica(1))).status,
    ];
    const right = await callReplica(replica(2), "POST", "/api/auth/sign-in/email", {
      forwardedFor: address,
      body: testAdmin,
    });
    expect([...statuses, right.status]).toEqual([401, 401, 400, 400, 429]);
  });

  it("counts failed bearer tokens across replicas together", async () => {
    // Two bad cron secrets on A, two on B; the fifth, on C, is refused as too many.
    const badToken = (app: AppServer) =>
      callReplica(app, "GET", "/api/cron/reconcile?dryRun=1", {
        token: "wrong-cron-secret-0001",
        forwardedFor: "198.51.100.31",
      });
    const tokens = [];
    for (const i of [0, 0, 1, 1, 2]) tokens.push((await badToken(replica(i))).status);
    expect(tokens).toEqual([401, 401, 401, 401, 429]);
  });

  it("answers the same gauges on every replica: the last recorded run's, whichever replica ran it", async () => {
    const gauges = [
      "sessions_stuck_terminating",
      "drift_sessions",
      "orphaned_objects",
      "agents_connected",
      "reconcile_last_success_timestamp_seconds",
      "reconcile_blocked",
      "reconcile_held_for_silence_sessions",
    ];
    const latestRun = async () =>
      JSON.stringify(
        await set.sql(
          `select id, status from reconcile_runs where status <> 'skipped' order by id desc limit 1`,
        ),
      );
    // Passes keep finishing (a second apart): compare scrapes no run finished between.
    const scrapes = await waitFor("three scrapes between two runs", async () => {
      const before = await latestRun();
      const all = await Promise.all(set.replicas.map(scrapeMetrics));
      return before === (await latestRun()) ? all : undefined;
    });
    const picked = scrapes.map(
      (s) => new Map([...s].filter(([name]) => gauges.some((g) => name.split("{")[0] === g))),
    );
    for (const gauge of gauges) expect([...picked[0]!.keys()].some((n) => n.startsWith(gauge))).toBe(true);
    expect(picked[1]).toEqual(picked[0]);
    expect(picked[2]).toEqual(picked[0]);
    const [lastSuccess] = await set.sql<{ at: number }>(
      `select extract(epoch from max(finished_at))::float8 as at from reconcile_runs where status = 'succeeded'`,
    );
    expect(picked[0]!.get("reconcile_last_success_timestamp_seconds")).toBeCloseTo(lastSuccess!.at, 2);
  });

  it("a replica killed mid-pass leaves a run the next lease holder closes, and the work is finished", async () => {
    const orphans = Array.from({ length: 8 }, (_, i) => `s-replica-kill-${i}`);
    proxied.proxy.delayRequests(250); // each DELETE a quarter second: a pass of 8 orphans takes seconds
    try {
      await createOrphans(orphans);
      const victim = await waitFor("a pass in the middle of its deletions", async () => {
        const [run] = await set.sql<{ id: number; holder: string }>(
          `select r.id, l.holder from reconcile_runs r, reconcile_lease l
            where r.status = 'running' and not r.dry_run
              and exists (select 1 from audit_events a where a.action = 'resources.deleted'
                           and a.session_id = any($1) and a.occurred_at >= r.started_at)`,
          [orphans],
        );
        return run;
      });
      const pid = Number(victim.holder.split(":").at(-2));
      const killed = set.replicaOf(pid);
      expect(killed, `the lease holder ${victim.holder} is one of the replicas`).toBeDefined();
      await killed!.kill("SIGKILL");

      await waitFor(
        "the killed pass's run closed and its orphans deleted by another replica",
        async () => {
          const [run] = await set.sql<{ status: string; error: string | null }>(
            `select status, error from reconcile_runs where id = $1`,
            [victim.id],
          );
          const left = await liveDeployments(orphans);
          return run!.status !== "running" && left.length === 0 ? run : undefined;
        },
        60_000,
      ).then((run) =>
        expect(run).toMatchObject({ status: "failed", error: expect.stringMatching(/^abandoned/) }),
      );
      // The run that closed it goes on to finish: a later run succeeds (nothing left to do).
      await waitFor(
        "a later run to succeed",
        async () =>
          (
            await set.sql(`select 1 from reconcile_runs where id > $1 and status = 'succeeded' limit 1`, [
              victim.id,
            ])
          ).length > 0 || undefined,
        60_000,
      );
      const services = await core.listNamespacedService({ namespace: set.namespace });
      expect(services.items.filter((s) => orphans.includes(s.metadata!.name!))).toEqual([]);
      // Nothing was deleted twice (an object the killed pass deleted unrecorded is gone, not redone).
      const deleted = await deletedObjects(orphans);
      expect(deleted.length).toBeGreaterThan(0);
      expect(new Set(deleted.map((o) => o.uid)).size).toBe(deleted.length);
    } finally {
      proxied.proxy.delayRequests(0);
    }
  });
});

async function signInFrom(app: AppServer, address: string): Promise<string> {
  const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": address },
    body: JSON.stringify(testAdmin),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("sr.session_token="));
  expect(cookie).toBeDefined();
  return cookie!;
}
