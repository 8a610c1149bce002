import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { AppsV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { createSessionObjects } from "@/lib/k8s/session-objects";
import { waitFor } from "@/test/support/kube";
import { repoRoot } from "@/test/support/processes";
import { cronSecret, orphanSpec, reconcileHarness, sleep } from "@/test/support/reconcile-harness";

// The kube-apiserver itself paused (SIGSTOP): every connection to it hangs, nothing closes. Tried
// by hand on the old code, every kind still read "synced", a pass planned deletions from that
// cache and its DELETE calls hung until the process resumed. A cluster of its own (name and ports
// apart), so the shared one serving the other tests is untouched.
const env = { ...process.env, SR_CLUSTER_NAME: "sr-fault-pause", SR_APISERVER_PORT: "32751" };
const script = path.join(repoRoot, "scripts", "local-cluster.sh");
const cluster = (command: string) => promisify(execFile)("bash", [script, command], { env, cwd: repoRoot });
const kubeconfigPath = path.join(repoRoot, ".data", "kubeconfig-sr-fault-pause");
const harness = reconcileHarness({ deleteNamespace: async () => undefined });
let paused: number | undefined;
const resume = () => {
  if (paused) process.kill(paused, "SIGCONT");
  paused = undefined;
};
afterAll(async () => {
  resume();
  await cluster("reset").catch(() => undefined);
}, 180_000);

const kindStates = (body: Record<string, unknown>) =>
  Object.fromEntries((body.kinds as { kind: string; state: string }[]).map((k) => [k.kind, k.state]));

describe("the kube-apiserver paused", () => {
  it("makes the kinds unknown: a pass answers within its bounds, deletes nothing, and converges on resume", async () => {
    await cluster("up");
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    const platform = await harness.platformWith(
      { ORPHAN_GRACE_SECONDS: "0", WATCH_STALE_SECONDS: "4" },
      { kubeconfig: kubeconfigPath },
    );
    const orphan = "s-pausedorphan1";
    await createSessionObjects(kubeConfig, await orphanSpec(platform, orphan));
    const pass = async (query = "", timeoutMs = 90_000) => {
      const started = Date.now();
      const response = await fetch(`${platform.app.url}/api/cron/reconcile${query}`, {
        headers: { authorization: `Bearer ${cronSecret}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { body: (await response.json()) as Record<string, any>, seconds: (Date.now() - started) / 1000 }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    await waitFor("the orphan to be seen", async () =>
      (await pass("?dryRun=1")).body.plan.some((a: { sessionId: string }) => a.sessionId === orphan)
        ? true
        : undefined,
    );

    paused = Number(
      execFileSync("pgrep", ["-f", "clusters/sr-fault-pause/bin/kube-apiserver"], { encoding: "utf8" })
        .trim()
        .split("\n")[0],
    );
    process.kill(paused, "SIGSTOP");
    // Should a pass hang on the paused server, it resumes after 60 s, so the test ends either way.
    const guard = setTimeout(resume, 60_000);
    try {
      await sleep(8_000); // past WATCH_STALE_SECONDS
      const during = await pass();
      expect(during.seconds).toBeLessThan(30);
      expect(Object.values(kindStates(during.body))).not.toContain("synced");
      expect(during.body.plan).toEqual([]);
      expect(during.body.outcomes).toEqual([]);
    } finally {
      clearTimeout(guard);
      resume();
    }

    // Resumed: the watches come back, and the orphan is deleted by the passes that see them. One
    // pass may delete the Service and Pod and leave the Deployment: its controller, resumed too, can
    // write its status after the snapshot, so the delete pinned to the version seen answers 409 and
    // the next pass deletes the newer version. What must hold: the first pass to act plans only the
    // orphan, no pass fails, and nothing of it is left running.
    const passes: Record<string, any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    await waitFor(
      "passes that delete the orphan's Deployment",
      async () => {
        const { body } = await pass();
        passes.push(body);
        const left = await apps.listNamespacedDeployment({ namespace: platform.namespace });
        return left.items.every((d) => d.metadata?.deletionTimestamp) ? true : undefined;
      },
      60_000,
    );
    const acting = passes.filter((p) => p.outcomes.length > 0);
    expect(acting[0]?.plan).toMatchObject([{ type: "delete-objects", sessionId: orphan }]);
    expect(
      acting.flatMap((p) => p.outcomes).filter((o: { status: string }) => o.status === "failed"),
    ).toEqual([]);
    expect(acting.flatMap((p) => p.outcomes).map((o: { status: string }) => o.status)).toContain("applied");
  }, 300_000);
});
