/**
 * What instrumentation.ts starts in the Node.js runtime: the server hooks, the database and its
 * migrations, the bootstrap admin and the background loops (off on a serverless host, where the
 * cron endpoint does the work instead). A module of its own so that the edge build of
 * instrumentation.ts never compiles it (Next.js's documented pattern).
 */
import type { Logger } from "@/lib/log/logger";

export async function registerNode() {
  // First: what the HTTP server does before Next sees a request (the peer address, TRACE, bad HTTP).
  const { installServerHooks } = await import("@/lib/http/server-hooks");
  installServerHooks();
  const { log } = await import("@/lib/log/logger");
  // The environment first: a bad variable is said as what it is, not as the database failing to
  // open (which parses the environment too). Nothing else can start on it; readyz keeps saying it.
  const { getEnv } = await import("@/lib/config/env");
  try {
    getEnv();
  } catch (error) {
    log.error("bad configuration", { error });
    return;
  }
  // Open the database now: migrations are applied at start, and a bad configuration or an
  // unreachable database is said once, clearly, in the log (readyz keeps reporting it).
  const { getDatabase } = await import("@/lib/db/client");
  try {
    const { db, driver, location } = await getDatabase();
    log.info("database ready, migrations applied", { driver, location });
    const { ensureBootstrapAdmin } = await import("@/lib/auth/users");
    const env = getEnv();
    const bootstrap = await ensureBootstrapAdmin(db, env, new Date());
    if (bootstrap === "created") {
      log.info("bootstrap admin created", { email: env.AUTH_BOOTSTRAP_ADMIN_EMAIL });
    }
    if (!env.AUTH_SECRET) {
      log.error("AUTH_SECRET is not set: nobody can sign in to the dashboard");
    }
  } catch (error) {
    log.error("database unavailable at start", { error });
  }
  // RECONCILE_MODES names classes the reconciler knows: said at start, not first at a pass.
  const { deriveClassModes } = await import("@/lib/reconcile/policy");
  try {
    deriveClassModes(getEnv().RECONCILE_MODES);
  } catch (error) {
    log.error("bad configuration", { error });
  }
  await announceServerless(log);
  const { startAgentLivenessLoop } = await import("@/lib/platform/liveness-loop");
  startAgentLivenessLoop();
  const { startReconcileLoop } = await import("@/lib/reconcile/loop");
  startReconcileLoop();
  const { startWebhookDeliveryLoop } = await import("@/lib/notify/loop");
  startWebhookDeliveryLoop();
  // Warm the cluster cache so the first dashboard view does not wait for the initial lists.
  // (Never on a serverless host: parseEnv turns the watches off there, CLUSTER_OBSERVER is `list`.)
  if (getEnv().CLUSTER_OBSERVER === "watch") {
    const { getClusterViews } = await import("@/lib/k8s/observer");
    void getClusterViews().catch(() => undefined);
  }
}

/** Says once, at start, that this host runs no background work and why (see parseEnv). */
async function announceServerless(log: Logger) {
  const { getEnv } = await import("@/lib/config/env");
  if (!getEnv().serverless) return;
  log.info("serverless host: no in-process reconcile loop and no watches; the cron route reconciles", {
    requested: {
      RECONCILE_INTERVAL_SECONDS: process.env.RECONCILE_INTERVAL_SECONDS,
      CLUSTER_OBSERVER: process.env.CLUSTER_OBSERVER,
    },
  });
}
