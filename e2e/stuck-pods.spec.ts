import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { expect, test } from "@playwright/test";
import { deriveSessionLabels, INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/model/labels";
import { FORCE_DELETE_WARNING } from "@/lib/k8s/model/pod-repair";
import {
  bootstrapToken,
  platformToken,
  startAppPlatform,
  type AppPlatform,
} from "@/test/support/app-platform";
import { waitForAgentConnection } from "@/test/support/agent-control";
import { startAgent, type Spawned } from "@/test/support/processes";
import { HOLD_FINALIZER, makeStuckPod } from "@/test/support/stuck-pods";
import { signInBrowser } from "./support/sign-in";
import { kubeconfigPath, testDatabaseUrl } from "./support/environment";

// A session's pod stuck for real (bound to a Node that does not exist, held by a finalizer of our
// own), seen and repaired by the admin in Chromium; the session's Kubernetes Events in its timeline.
test.describe("a pod stuck in Terminating, repaired from the session page", () => {
  let platform: AppPlatform;
  let agent: Spawned;
  let sessionId = "";
  const kubeConfig = new KubeConfig();

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    kubeConfig.loadFromFile(kubeconfigPath);
    platform = await startAppPlatform(
      { databaseUrl: testDatabaseUrl(), kubeconfig: kubeconfigPath },
      { POD_TERMINATING_MARGIN_SECONDS: "1" },
    );
    agent = startAgent("agent-pods", {
      controlPlaneUrl: platform.app.url,
      bootstrapToken,
      kubeconfig: kubeconfigPath,
      waitSeconds: 2,
    });
    await waitForAgentConnection(platform, "agent-pods");
    const { body } = await platform.api("POST", "/api/v1/sessions", {
      token: platformToken,
      body: { userId: "alice", template: "registry.example/workspace:1", agentId: "agent-pods" },
    });
    sessionId = (body.session as { id: string }).id;
    await expect
      .poll(
        async () =>
          (
            (await platform.api("GET", `/api/v1/sessions/${sessionId}`, { token: platformToken })).body
              .session as { state: string }
          ).state,
        { timeout: 30_000 },
      )
      .toBe("running");
  });

  test.afterAll(async () => {
    await agent?.kill("SIGKILL");
    await platform?.stop();
    await kubeConfig
      .makeApiClient(CoreV1Api)
      .deleteNamespace({ name: platform.namespace })
      .catch(() => undefined);
  });

  test("shows the Events in the timeline, then force deletes (with Kubernetes' warning) and removes the finalizer", async ({
    page,
  }) => {
    const { body } = await platform.api("GET", "/api/v1/installation", { token: platformToken });
    const stuck = await makeStuckPod(kubeConfig, {
      namespace: platform.namespace,
      labels: deriveSessionLabels({
        sessionLabelKey: "session",
        installation: platform.installation,
        sessionId,
        agentId: "agent-pods",
      }),
      annotations: { [INSTALLATION_ID_ANNOTATION]: body.installationId as string },
      on: "lost-node",
      finalizer: true,
    });
    const name = stuck.metadata!.name!;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past grace (1 s) + margin (1 s)

    await signInBrowser(page.context(), platform.app.url);
    await page.goto(`${platform.app.url}/sessions/${sessionId}`);
    const timeline = page.getByTestId("timeline");
    await expect(timeline.locator('[data-source="event"]').first()).toBeVisible();
    await expect(timeline).toContainText("ScalingReplicaSet");
    await expect(timeline).toContainText("k8s event");

    const pod = page.locator(`[data-testid=pod][data-pod-name="${name}"]`);
    // The page refreshes itself every 5 s; on a machine busy with the whole suite the first drawing
    // may predate the node's read, so give it the refreshes a person would wait for.
    await expect(pod).toContainText(`its node ${stuck.spec!.nodeName} is lost`, { timeout: 20_000 });
    await pod.getByRole("button", { name: "Force delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Force delete: pod ${name}` });
    await expect(dialog.getByTestId("force-delete-warning")).toHaveText(FORCE_DELETE_WARNING);
    await expect(dialog.getByTestId("node-loss")).toContainText(
      `its node ${stuck.spec!.nodeName} is lost: the process may still run there`,
    );
    const confirm = dialog.getByRole("button", { name: "Force delete" });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/Type the pod's name/).fill(name);
    await confirm.click();
    await expect(dialog).toBeHidden();

    // The finalizer still holds it: Remove finalizers lists it, and then it is gone. The force
    // delete moved its deletion deadline to now: past it (and the margin), with its new version.
    await page.waitForTimeout(2_500);
    await page.reload();
    await pod.getByRole("button", { name: "Remove finalizers" }).click();
    const finalizers = page.getByRole("dialog", { name: `Remove finalizers: pod ${name}` });
    await expect(finalizers.getByTestId("pod-finalizers")).toHaveText(HOLD_FINALIZER);
    await finalizers.getByLabel(/Type the pod's name/).fill(name);
    await finalizers.getByRole("button", { name: "Remove finalizers" }).click();
    await expect(finalizers).toBeHidden();
    await expect(pod).toHaveCount(0, { timeout: 15_000 });
    await expect(timeline).toContainText("pod.finalizers_removed");
    await expect(timeline).toContainText("pod.force_deleted");
  });
});
