import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { testEnvironment, testKubeConfig } from "@/test/support/kube";
import { repoRoot } from "@/test/support/processes";

// The Helm chart, rendered by a real helm and applied to the local cluster; its RBAC checked with
// `kubectl auth can-i` against the real API server's authorizer; the cleaner CronJob's own curl
// command run against a local app.
const script = (args: string[]) =>
  execFileSync("bash", ["scripts/local-cluster.sh", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();

describe("the Helm chart", () => {
  const suffix = randomBytes(3).toString("hex");
  const release = `sr-chart-${suffix}`;
  const releaseNs = `sr-chart-${suffix}`;
  const sessionsNs = `sr-chart-sessions-${suffix}`;
  const otherNs = `sr-chart-other-${suffix}`;
  const core = testKubeConfig().makeApiClient(CoreV1Api);
  let helm = "";
  let kubectl = "";
  const kc = (...args: string[]) =>
    execFileSync(kubectl, ["--kubeconfig", inject("testKubeconfig"), ...args], {
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
  const render = (...sets: string[]) =>
    execFileSync(
      helm,
      ["template", release, "chart", "--namespace", releaseNs, ...sets.flatMap((s) => ["--set", s])],
      {
        cwd: repoRoot,
        encoding: "utf8",
      },
    );
  const canI = (verb: string, resource: string, namespace?: string, account = release) => {
    try {
      return kc(
        "auth",
        "can-i",
        verb,
        resource,
        ...(namespace ? ["-n", namespace] : ["--all-namespaces"]),
        `--as=system:serviceaccount:${releaseNs}:${account}`,
      ).trim();
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? "").trim();
    }
  };

  beforeAll(async () => {
    helm = script(["helm"]);
    kubectl = script(["kubectl"]);
    for (const name of [releaseNs, sessionsNs, otherNs])
      await core.createNamespace({ body: { metadata: { name } } });
  }, 300_000);
  afterAll(async () => {
    for (const name of [releaseNs, sessionsNs, otherNs])
      await core.deleteNamespace({ name }).catch(() => undefined);
    try {
      kc(
        "delete",
        "clusterrole,clusterrolebinding",
        release,
        `${release}-agent-inventory`,
        "--ignore-not-found",
      );
    } catch {
      // nothing to clean
    }
  });

  it("renders and applies cleanly to the local cluster", () => {
    const manifest = render(`rbac.namespaces={${sessionsNs}}`, "ingress.enabled=true", "agent.enabled=true");
    expect(manifest).toContain("kind: CronJob");
    const applied = execFileSync(kubectl, ["--kubeconfig", inject("testKubeconfig"), "apply", "-f", "-"], {
      input: manifest,
      encoding: "utf8",
    });
    expect(applied).toMatch(/deployment.apps\/sr-chart-\w+ created/);
    expect(applied).toMatch(/role.rbac.authorization.k8s.io\/sr-chart-\w+ created/);
    expect(applied).toMatch(/cronjob.batch\/sr-chart-\w+-cleaner created/);
  });

  it.each([
    ["list", "deployments.apps", "yes"],
    ["watch", "pods", "yes"],
    ["get", "services", "yes"],
    ["list", "endpointslices.discovery.k8s.io", "yes"],
    ["list", "events", "yes"],
    ["delete", "deployments.apps", "yes"],
    ["delete", "services", "yes"],
    ["delete", "pods", "yes"],
    ["create", "deployments.apps", "no"],
    ["update", "deployments.apps", "no"],
    ["patch", "pods", "no"],
    ["delete", "endpointslices.discovery.k8s.io", "no"],
    ["get", "secrets", "no"],
    ["list", "configmaps", "no"],
  ])("in the sessions namespace: %s %s → %s", (verb, resource, expected) => {
    expect(canI(verb, resource, sessionsNs)).toBe(expected);
  });

  it.each([
    ["list", "deployments.apps", otherNs],
    ["delete", "pods", otherNs],
    ["get", "secrets", releaseNs],
    ["list", "deployments.apps", undefined],
  ])("elsewhere: %s %s in %s → no", (verb, resource, namespace) => {
    expect(canI(verb, resource, namespace)).toBe("no");
  });

  it.each([
    ["create", "deployments.apps", "sessions", "yes"],
    ["delete", "deployments.apps", "sessions", "yes"],
    ["create", "services", "sessions", "yes"],
    ["delete", "services", "sessions", "yes"],
    ["list", "deployments.apps", "all", "yes"],
    ["delete", "pods", "sessions", "no"],
    ["get", "secrets", "sessions", "no"],
    ["create", "deployments.apps", "other", "no"],
    ["create", "namespaces", "all", "no"],
  ])("the agent's narrower account: %s %s in %s → %s", (verb, resource, where, expected) => {
    const namespace = where === "sessions" ? sessionsNs : where === "other" ? otherNs : undefined;
    expect(canI(verb, resource, namespace, `${release}-agent`)).toBe(expected);
  });

  it("believes X-Forwarded-For only from the ingress's proxies, and only with the ingress on", () => {
    expect(render("ingress.enabled=true")).toMatch(
      /name: TRUSTED_PROXIES, value: "10\.0\.0\.0\/8,172\.16\.0\.0\/12,192\.168\.0\.0\/16,fd00::\/8"/,
    );
    expect(render("ingress.enabled=true", "ingress.trustedProxies={10.244.0.0/16}")).toContain(
      'name: TRUSTED_PROXIES, value: "10.244.0.0/16"',
    );
    expect(render()).not.toContain("TRUSTED_PROXIES");
  });

  it("does not render without the Secret key of an external PostgreSQL URL", () => {
    const refused = (...sets: string[]) => {
      try {
        render(...sets);
        return "";
      } catch (error) {
        return String((error as { stderr?: string }).stderr);
      }
    };
    expect(refused("secrets.databaseUrlKey=")).toMatch(
      /secrets\.databaseUrlKey: this chart runs on an external PostgreSQL/,
    );
    expect(refused("secrets.name=")).toMatch(/secrets\.name: name the Secret/);
  });

  it("grants cluster-wide reads and deletes, and still no secrets or writes, when clusterWide is set", () => {
    const manifest = render("rbac.clusterWide=true");
    execFileSync(kubectl, ["--kubeconfig", inject("testKubeconfig"), "apply", "-f", "-"], {
      input: manifest,
    });
    expect(canI("list", "deployments.apps")).toBe("yes");
    expect(canI("delete", "services", otherNs)).toBe("yes");
    expect(canI("get", "secrets", otherNs)).toBe("no");
    expect(canI("create", "deployments.apps", otherNs)).toBe("no");
  });

  describe("the cleaner CronJob's request", () => {
    let platform: AppPlatform;
    afterAll(async () => {
      await platform?.stop();
    });

    it("triggers a reconcile run when its curl is pointed at a local app", async () => {
      const cronSecret = "chart-cron-secret-0123456789";
      platform = await startAppPlatform(testEnvironment(), { CRON_SECRET: cronSecret });
      const manifest = render();
      const command = /curl --fail-with-body[^\n]*(?:\n\s+[^\n]+)*?\/api\/cron\/reconcile/.exec(
        manifest,
      )?.[0];
      expect(command).toBeDefined();
      const local = command!
        .replace(/\s+/g, " ")
        .replace(/http:\/\/\S+\/api\/cron\/reconcile/, `${platform.app.url}/api/cron/reconcile`);
      const output = execFileSync("sh", ["-c", local], {
        env: { ...process.env, CRON_SECRET: cronSecret },
        encoding: "utf8",
      });
      expect(JSON.parse(output)).toMatchObject({
        trigger: "cron",
        status: "succeeded",
        runId: expect.any(Number),
      });
    });
  });
});
