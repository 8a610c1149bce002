import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppsV1Api } from "@kubernetes/client-node";
import { count } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { reconcileRuns } from "@/lib/db/schema";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { testMetricsToken } from "@/test/support/auth";
import { testEnvironment, testKubeConfig, waitFor } from "@/test/support/kube";
import type { Platform } from "@/test/support/platform";
import { cron, orphanSpec, reconcileHarness, sleep } from "@/test/support/reconcile-harness";

// On Vercel there is no long-lived process and no file for a kubeconfig. The production build,
// started as Vercel starts it (VERCEL=1) with the kubeconfig only as content, must serve and read
// the cluster, run no loop and open no watch — though both are asked for — and still reconcile
// when the cron calls.
const kubeConfig = testKubeConfig();
const apps = kubeConfig.makeApiClient(AppsV1Api);
const harness = reconcileHarness();
const emptyDataDir = mkdtempSync(path.join(os.tmpdir(), "sr-serverless-"));
afterAll(() => rmSync(emptyDataDir, { recursive: true, force: true }));

/** The app's Kubernetes request counter by type (`api`, `watch`), 0 where a type has no sample. */
async function kubernetesRequests(platform: Platform): Promise<Record<"api" | "watch", number>> {
  const response = await fetch(`${platform.app.url}/api/metrics`, {
    headers: { authorization: `Bearer ${testMetricsToken}` },
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  // Summed over the clusters (one here: `local`), whatever other labels the sample carries.
  const sample = (type: string) =>
    text
      .split("\n")
      .filter((l) => l.startsWith(`session_reconciler_kubernetes_requests_total{type="${type}"`))
      .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
  return { api: sample("api"), watch: sample("watch") };
}

const countRuns = async (platform: Platform) =>
  (await platform.handle.db.select({ n: count() }).from(reconcileRuns))[0]!.n;

describe("on a serverless host (VERCEL=1)", () => {
  it("reads the cluster through KUBECONFIG_CONTENT, runs no loop, opens no watch, and reconciles on cron", async () => {
    const kubeconfigBase64 = readFileSync(testEnvironment().kubeconfig).toString("base64");
    const platform = await harness.platformWith({
      VERCEL: "1",
      // The content is the only way to the cluster: no KUBECONFIG, no local cluster's file.
      KUBECONFIG: "",
      KUBECONFIG_CONTENT: kubeconfigBase64,
      DATA_DIR: emptyDataDir,
      // Asked for, and refused on a serverless host: a pass every second, and watches.
      RECONCILE_INTERVAL_SECONDS: "1",
      CLUSTER_OBSERVER: "watch",
      ORPHAN_GRACE_SECONDS: "0",
    });
    const orphan = `s-${randomBytes(6).toString("hex")}`;
    await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));

    // It serves and reaches the cluster (readiness reports an unreachable one as degraded).
    const ready = await fetch(`${platform.app.url}/api/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", degraded: [] });

    // Four loop intervals: no pass ran, and the cluster was read without a watch.
    await sleep(4_000);
    expect(await countRuns(platform)).toBe(0);
    const before = await kubernetesRequests(platform);
    expect(before.api).toBeGreaterThan(0);
    expect(before.watch).toBe(0);

    const { status, body } = await cron(platform);
    expect(status).toBe(200);
    expect(body.status).toBe("succeeded");
    expect(body.plan).toMatchObject([{ type: "delete-objects", sessionId: orphan }]);
    await waitFor("the orphan's Deployment to be gone", async () => {
      const left = await apps.listNamespacedDeployment({ namespace: platform.namespace });
      return left.items.some((d) => d.metadata?.name === orphan) ? undefined : true;
    });
    expect(await countRuns(platform)).toBe(1);
    expect((await kubernetesRequests(platform)).watch).toBe(0);

    // Said once at start, as a structured line.
    const said = readFileSync(platform.app.logFile, "utf8")
      .split("\n")
      .filter((line) => line.includes("serverless host"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(said).toEqual([
      expect.objectContaining({ level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
    ]);
  }, 120_000);
});
