import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CoreV1Api, loadAllYaml } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppPlatform, type AppPlatform } from "@/test/support/app-platform";
import { testEnvironment, testKubeConfig } from "@/test/support/kube";
import { repoRoot } from "@/test/support/processes";

// The Helm chart, rendered by a real helm and applied to the local cluster; its RBAC checked with
// `kubectl auth can-i` against the real API server's authorizer; the cleaner CronJob's own curl
// command run against a local app; bad values refused by values.schema.json with helm's message.
interface Rendered {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}
interface PodSpec {
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string }[];
  imagePullSecrets?: { name: string }[];
  affinity?: unknown;
  containers: {
    name: string;
    image: string;
    env?: { name: string; valueFrom?: { secretKeyRef?: { key: string; optional?: boolean } } }[];
    startupProbe?: unknown;
    readinessProbe?: unknown;
    livenessProbe?: unknown;
  }[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

const appVersion = /^appVersion:\s*"?([^"\s]+)"?/m.exec(
  readFileSync(path.join(repoRoot, "chart", "Chart.yaml"), "utf8"),
)![1];

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
  const helmRun = (args: string[]) =>
    execFileSync(helm, args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const renderWith = (args: string[]) =>
    helmRun(["template", release, "chart", "--namespace", releaseNs, ...args]);
  const sets = (values: string[]) => values.flatMap((s) => ["--set", s]);
  const render = (...values: string[]) => renderWith(sets(values));
  const objects = (...args: string[]) =>
    (loadAllYaml(renderWith(args)) as (Rendered | null)[]).filter((o): o is Rendered => o !== null);
  const find = (all: Rendered[], kind: string, name: string) => {
    const found = all.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found)
      throw new Error(`no ${kind} ${name} in ${all.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
    return found;
  };
  const podTemplate = (all: Rendered[], kind: string, name: string): PodTemplate => {
    const spec = find(all, kind, name).spec!;
    return (
      kind === "CronJob"
        ? (spec.jobTemplate as { spec: { template: PodTemplate } }).spec.template
        : spec.template
    ) as PodTemplate;
  };
  /** helm's stderr when it refuses, "" when it renders. */
  const refusedWith = (args: string[]) => {
    try {
      renderWith(args);
      return "";
    } catch (error) {
      return String((error as { stderr?: string }).stderr);
    }
  };
  const refused = (...values: string[]) => refusedWith(sets(values));
  /** The chart's pod templates: the app, the agent, the cleaner. */
  const everyPod: [kind: string, name: string][] = [
    ["Deployment", release],
    ["Deployment", `${release}-agent`],
    ["CronJob", `${release}-cleaner`],
  ];
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
        `${release}-nodes`,
        "--ignore-not-found",
      );
    } catch {
      // nothing to clean
    }
  });

  it("renders and applies cleanly to the local cluster, scheduling values and the PDB included", () => {
    // No ServiceMonitor here: the local cluster has no Prometheus Operator CRDs.
    const manifest = render(
      `rbac.namespaces={${sessionsNs}}`,
      "ingress.enabled=true",
      "agent.enabled=true",
      "nodeSelector.kubernetes\\.io/os=linux",
      "tolerations[0].key=dedicated,tolerations[0].operator=Equal,tolerations[0].value=tools,tolerations[0].effect=NoSchedule",
      "imagePullSecrets[0].name=registry-credentials",
      "podAnnotations.example\\.com/team=platform",
      "podLabels.team=platform",
    );
    expect(manifest).toContain("kind: CronJob");
    expect(manifest).not.toContain("kind: ServiceMonitor");
    // --validate=strict: the API server refuses unknown or misplaced fields instead of dropping them.
    const applied = execFileSync(
      kubectl,
      ["--kubeconfig", inject("testKubeconfig"), "apply", "--validate=strict", "-f", "-"],
      { input: manifest, encoding: "utf8" },
    );
    expect(applied).toMatch(/deployment.apps\/sr-chart-\w+ created/);
    expect(applied).toMatch(/deployment.apps\/sr-chart-\w+-agent created/);
    expect(applied).toMatch(/role.rbac.authorization.k8s.io\/sr-chart-\w+ created/);
    expect(applied).toMatch(/cronjob.batch\/sr-chart-\w+-cleaner created/);
    expect(applied).toMatch(/poddisruptionbudget.policy\/sr-chart-\w+ created/);
    expect(applied).toMatch(/ingress.networking.k8s.io\/sr-chart-\w+ created/);
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
    // Quarantine and restore: scale to 0 and mark, in one merge patch.
    ["patch", "deployments.apps", "yes"],
    ["patch", "services", "yes"],
    ["create", "deployments.apps", "no"],
    ["update", "deployments.apps", "no"],
    ["update", "deployments.apps/scale", "no"],
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
    ["patch", "deployments.apps", otherNs],
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

  it("grants no pod patch and no node read without rbac.podRepair (the default)", () => {
    expect(canI("patch", "pods", sessionsNs)).toBe("no");
    expect(canI("get", "nodes")).toBe("no");
    expect(render(`rbac.namespaces={${sessionsNs}}`)).not.toContain(`${release}-nodes`);
  });

  it("grants pod patch in the sessions namespaces and node reads, nothing more, with rbac.podRepair", () => {
    const manifest = render(`rbac.namespaces={${sessionsNs}}`, "rbac.podRepair=true");
    execFileSync(
      kubectl,
      ["--kubeconfig", inject("testKubeconfig"), "apply", "--validate=strict", "-f", "-"],
      {
        input: manifest,
      },
    );
    expect(canI("patch", "pods", sessionsNs)).toBe("yes");
    expect(canI("delete", "pods", sessionsNs)).toBe("yes");
    expect(canI("get", "nodes")).toBe("yes");
    expect(canI("patch", "pods", otherNs)).toBe("no");
    expect(canI("update", "pods", sessionsNs)).toBe("no");
    // Deployments are patched by quarantine with or without the flag; nothing beyond patch is granted.
    expect(canI("patch", "deployments.apps", sessionsNs)).toBe("yes");
    expect(canI("update", "deployments.apps", sessionsNs)).toBe("no");
    expect(canI("patch", "nodes")).toBe("no");
    expect(canI("list", "nodes")).toBe("no");
    // Back to the default: the Role loses the verb again.
    execFileSync(kubectl, ["--kubeconfig", inject("testKubeconfig"), "apply", "-f", "-"], {
      input: render(`rbac.namespaces={${sessionsNs}}`),
    });
    expect(canI("patch", "pods", sessionsNs)).toBe("no");
  });

  it("caps the server's heap below the memory limit (heapMegabytes), or leaves Node's default", () => {
    expect(render()).toContain('name: NODE_OPTIONS, value: "--max-old-space-size=384"');
    expect(render("heapMegabytes=1024")).toContain('name: NODE_OPTIONS, value: "--max-old-space-size=1024"');
    expect(render("heapMegabytes=null")).not.toContain("NODE_OPTIONS");
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

  it("does not render without the Secret key of an external PostgreSQL URL, even without the schema", () => {
    expect(refused("secrets.databaseUrlKey=")).toContain(
      "at '/secrets/databaseUrlKey': minLength: got 0, want 1",
    );
    // The templates' own `required` stands behind the schema when a user skips it.
    const skipping = (value: string) => refusedWith(["--skip-schema-validation", "--set", value]);
    expect(skipping("secrets.databaseUrlKey=")).toMatch(
      /secrets\.databaseUrlKey: this chart runs on an external PostgreSQL/,
    );
    expect(skipping("secrets.name=")).toMatch(/secrets\.name: name the Secret/);
  });

  describe("values.schema.json", () => {
    it.each([
      ["a string for replicaCount", ["replicaCount=two"], "at '/replicaCount': got string, want integer"],
      ["no replica", ["replicaCount=0"], "at '/replicaCount': minimum: got 0, want 1"],
      ["an unknown key", ["replicas=3"], "at '': additional properties 'replicas' not allowed"],
      [
        "a misspelt nested key",
        ["image.pullpolicy=Always"],
        "at '/image': additional properties 'pullpolicy' not allowed",
      ],
      [
        "an empty databaseUrlKey",
        ["secrets.databaseUrlKey="],
        "at '/secrets/databaseUrlKey': minLength: got 0, want 1",
      ],
      ["an empty Secret name", ["secrets.name="], "at '/secrets/name': minLength: got 0, want 1"],
      [
        "a bad service.type",
        ["service.type=Internal"],
        "at '/service/type': value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'",
      ],
      [
        "a bad image.pullPolicy",
        ["image.pullPolicy=Sometimes"],
        "at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'",
      ],
      ["a port out of range", ["service.port=70000"], "at '/service/port': maximum: got 70,000, want 65,535"],
      [
        "a secret inlined in env",
        ["env.DATABASE_URL=postgres://u:p@db/x"],
        "at '/env/DATABASE_URL': false schema",
      ],
      [
        "a lowercase env name",
        ["env.interval=60"],
        "at '/env': additional properties 'interval' not allowed",
      ],
      [
        "an installation name that is no label value",
        ["installationName=Session Reconciler"],
        "at '/installationName': 'Session Reconciler' does not match pattern",
      ],
      [
        "a pod label over the chart's own",
        ["podLabels.app\\.kubernetes\\.io/name=x"],
        "at '/podLabels/app.kubernetes.io~1name': false schema",
      ],
      [
        "an OIDC issuer without a client id",
        ["auth.oidc.issuer=https://id.example.com"],
        "at '/auth/oidc/clientId': minLength: got 0, want 1",
      ],
      [
        "an OIDC role that does not exist",
        ["auth.oidc.defaultRole=admin"],
        "at '/auth/oidc/defaultRole': value must be one of 'none', 'viewer'",
      ],
      [
        "an ingress without a host",
        ["ingress.enabled=true", "ingress.host="],
        "at '/ingress/host': minLength: got 0, want 1",
      ],
      [
        "an agent wait past 60 s",
        ["agent.waitSeconds=120"],
        "at '/agent/waitSeconds': maximum: got 120, want 60",
      ],
      [
        "a bad scrape interval",
        ["metrics.serviceMonitor.interval=often"],
        "at '/metrics/serviceMonitor/interval': 'often' does not match pattern",
      ],
      [
        "an annotation that is not a string",
        ["podAnnotations.example\\.com/scrape=true"],
        "at '/podAnnotations/example.com~1scrape': got boolean, want string",
      ],
      [
        "a typo under rbac",
        ["rbac.namespace=sessions"],
        "at '/rbac': additional properties 'namespace' not allowed",
      ],
    ])("refuses %s: %s", (_name, values, message) => {
      const stderr = refused(...values);
      expect(stderr).toContain("values don't meet the specifications of the schema(s)");
      expect(stderr).toContain(message);
    });

    it("refuses at `helm install` too, before anything reaches the cluster", () => {
      let stderr = "";
      try {
        helmRun([
          "install",
          release,
          "chart",
          "--namespace",
          releaseNs,
          "--dry-run=client",
          "--kubeconfig",
          inject("testKubeconfig"),
          "--set",
          "replicaCount=two",
        ]);
      } catch (error) {
        stderr = String((error as { stderr?: string }).stderr);
      }
      expect(stderr).toContain("at '/replicaCount': got string, want integer");
    });

    it("accepts the defaults, every option turned on, and numbers in env", () => {
      expect(refused()).toBe("");
      expect(
        refusedWith([
          "--api-versions",
          "monitoring.coreos.com/v1",
          ...sets([
            "agent.enabled=true",
            "ingress.enabled=true",
            "rbac.clusterWide=true",
            "rbac.podRepair=true",
            "metrics.serviceMonitor.enabled=true",
            "auth.url=https://reconciler.example.com",
            "auth.bootstrapAdminEmail=you@example.com",
            "auth.oidc.issuer=https://id.example.com,auth.oidc.clientId=reconciler,auth.oidc.defaultRole=viewer",
            "service.type=LoadBalancer",
            "replicaCount=1",
            "env.RECONCILE_MAX_DELETIONS=100000000",
          ]),
        ]),
      ).toBe("");
      const env = podTemplate(
        objects(...sets(["env.RECONCILE_MAX_DELETIONS=100000000"])),
        "Deployment",
        release,
      ).spec.containers[0]!.env!;
      expect(env).toContainEqual({ name: "RECONCILE_MAX_DELETIONS", value: "100000000" });
    });
  });

  it("passes helm lint --strict, with the defaults and with every option on", () => {
    expect(helmRun(["lint", "--strict", "chart"])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(
      helmRun([
        "lint",
        "--strict",
        "chart",
        ...sets([
          "agent.enabled=true",
          "ingress.enabled=true",
          "rbac.clusterWide=true",
          "rbac.podRepair=true",
        ]),
      ]),
    ).toMatch(/0 chart\(s\) failed/);
  });

  it("puts the standard labels on every object and pod, and the app's Service selects only the app", () => {
    const all = objects(
      "--api-versions",
      "monitoring.coreos.com/v1",
      ...sets(["agent.enabled=true", "ingress.enabled=true", "metrics.serviceMonitor.enabled=true"]),
    );
    expect(all.map((o) => o.kind)).toEqual(
      expect.arrayContaining([
        "Deployment",
        "Service",
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "ClusterRole",
        "ClusterRoleBinding",
        "Ingress",
        "CronJob",
        "PodDisruptionBudget",
        "ServiceMonitor",
      ]),
    );
    for (const o of all) {
      expect(o.metadata.labels, `${o.kind}/${o.metadata.name}`).toMatchObject({
        "app.kubernetes.io/name": "session-reconciler",
        "app.kubernetes.io/instance": release,
        "app.kubernetes.io/version": appVersion,
        "app.kubernetes.io/component": expect.stringMatching(/^(app|agent|cleaner)$/),
        "app.kubernetes.io/part-of": "session-reconciler",
        "app.kubernetes.io/managed-by": "Helm",
        "helm.sh/chart": expect.stringMatching(/^session-reconciler-\d+\.\d+\.\d+/),
      });
    }
    expect(find(all, "Deployment", `${release}-agent`).metadata.labels!["app.kubernetes.io/component"]).toBe(
      "agent",
    );
    expect(find(all, "CronJob", `${release}-cleaner`).metadata.labels!["app.kubernetes.io/component"]).toBe(
      "cleaner",
    );
    const selector = find(all, "Service", release).spec!.selector as Record<string, string>;
    const selects = (labels: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(selects(podTemplate(all, "Deployment", release).metadata.labels)).toBe(true);
    expect(selects(podTemplate(all, "Deployment", `${release}-agent`).metadata.labels)).toBe(false);
    expect(selects(podTemplate(all, "CronJob", `${release}-cleaner`).metadata.labels)).toBe(false);
    for (const [kind, name] of everyPod)
      expect(podTemplate(all, kind, name).metadata.labels).toMatchObject({
        "app.kubernetes.io/instance": release,
        "app.kubernetes.io/part-of": "session-reconciler",
        "app.kubernetes.io/managed-by": "Helm",
      });
  });

  it("defaults the image tag to the chart's appVersion, for the app and the agent", () => {
    const images = (...values: string[]) => {
      const all = objects(...sets(["agent.enabled=true", ...values]));
      return [release, `${release}-agent`].map(
        (name) => podTemplate(all, "Deployment", name).spec.containers[0]!.image,
      );
    };
    expect(images()).toEqual([
      `registry.example.com/session-reconciler:${appVersion}`,
      `registry.example.com/session-reconciler:${appVersion}`,
    ]);
    expect(images("image.tag=1.2.3-rc.1")).toEqual([
      "registry.example.com/session-reconciler:1.2.3-rc.1",
      "registry.example.com/session-reconciler:1.2.3-rc.1",
    ]);
  });

  it("probes: a startup probe on /api/healthz before liveness; readiness on /api/readyz", () => {
    const app = podTemplate(objects(), "Deployment", release).spec.containers[0]!;
    expect(app.startupProbe).toEqual({
      httpGet: { path: "/api/healthz", port: "http" },
      periodSeconds: 5,
      failureThreshold: 60,
    });
    expect(app.readinessProbe).toMatchObject({ httpGet: { path: "/api/readyz", port: "http" } });
    expect(app.livenessProbe).toMatchObject({ httpGet: { path: "/api/healthz", port: "http" } });
  });

  it("a PodDisruptionBudget above one replica only, over the app's pods", () => {
    const all = objects();
    const pdb = find(all, "PodDisruptionBudget", release);
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
      selector: {
        matchLabels: (find(all, "Deployment", release).spec!.selector as { matchLabels: object }).matchLabels,
      },
    });
    expect(objects(...sets(["replicaCount=3"])).filter((o) => o.kind === "PodDisruptionBudget")).toHaveLength(
      1,
    );
    expect(objects(...sets(["replicaCount=1"])).filter((o) => o.kind === "PodDisruptionBudget")).toEqual([]);
  });

  describe("the ServiceMonitor", () => {
    const monitoring = ["--api-versions", "monitoring.coreos.com/v1"];

    it("is off by default, even where the CRD exists", () => {
      expect(objects(...monitoring).filter((o) => o.kind === "ServiceMonitor")).toEqual([]);
    });

    it("scrapes /api/metrics with the Secret's METRICS_TOKEN, which then must exist", () => {
      const all = objects(
        ...monitoring,
        ...sets([
          "metrics.serviceMonitor.enabled=true",
          "metrics.serviceMonitor.labels.release=kube-prometheus-stack",
        ]),
      );
      const monitor = find(all, "ServiceMonitor", release);
      expect(monitor.metadata.labels).toMatchObject({ release: "kube-prometheus-stack" });
      expect(monitor.spec).toEqual({
        selector: { matchLabels: find(all, "Service", release).spec!.selector },
        namespaceSelector: { matchNames: [releaseNs] },
        endpoints: [
          {
            port: "http",
            path: "/api/metrics",
            scheme: "http",
            interval: "30s",
            scrapeTimeout: "10s",
            authorization: {
              type: "Bearer",
              credentials: { name: "session-reconciler", key: "metrics-token" },
            },
          },
        ],
      });
      const metricsToken = (optional: boolean, args: string[]) =>
        podTemplate(objects(...args), "Deployment", release).spec.containers[0]!.env!.find(
          (e) => e.name === "METRICS_TOKEN",
        )?.valueFrom?.secretKeyRef?.optional === optional;
      expect(metricsToken(false, [...monitoring, ...sets(["metrics.serviceMonitor.enabled=true"])])).toBe(
        true,
      );
      expect(metricsToken(true, [])).toBe(true);
    });

    it("refuses to render without the monitoring.coreos.com/v1 API, saying how to get it", () => {
      expect(refused("metrics.serviceMonitor.enabled=true")).toContain(
        "metrics.serviceMonitor.enabled: the cluster has no monitoring.coreos.com/v1 API",
      );
    });
  });

  it("places every pod with nodeSelector, tolerations and pull secrets; affinity and pod metadata on the app", () => {
    const all = objects(
      ...sets([
        "agent.enabled=true",
        "nodeSelector.pool=tools",
        "tolerations[0].key=dedicated,tolerations[0].operator=Exists",
        "imagePullSecrets[0].name=registry-credentials",
        "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight=100",
        "affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey=kubernetes.io/hostname",
        "podAnnotations.example\\.com/team=platform",
        "podLabels.team=platform",
      ]),
    );
    for (const [kind, name] of everyPod) {
      const spec = podTemplate(all, kind, name).spec;
      expect(spec.nodeSelector, name).toEqual({ pool: "tools" });
      expect(spec.tolerations, name).toEqual([{ key: "dedicated", operator: "Exists" }]);
      expect(spec.imagePullSecrets, name).toEqual([{ name: "registry-credentials" }]);
    }
    const app = podTemplate(all, "Deployment", release);
    expect(app.spec.affinity).toMatchObject({ podAntiAffinity: expect.any(Object) });
    expect(app.metadata.annotations).toEqual({ "example.com/team": "platform" });
    expect(app.metadata.labels).toMatchObject({ team: "platform" });
    const agent = podTemplate(all, "Deployment", `${release}-agent`);
    expect(agent.spec.affinity).toBeUndefined();
    expect(agent.metadata.labels.team).toBeUndefined();
    const plain = podTemplate(objects(), "Deployment", release).spec;
    expect([plain.nodeSelector, plain.tolerations, plain.imagePullSecrets, plain.affinity]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("NOTES: the Secret's keys, how to reach the dashboard, how to sign in, where the docs are", () => {
    // A release of its own: a dry-run install refuses names that the applied release already owns.
    const notesRelease = `${release}-notes`;
    const notes =
      helmRun([
        "install",
        notesRelease,
        "chart",
        "--namespace",
        releaseNs,
        "--dry-run=client",
        "--kubeconfig",
        inject("testKubeconfig"),
        "--set",
        "auth.bootstrapAdminEmail=you@example.com",
      ]).split("NOTES:")[1] ?? "";
    expect(notes).toMatch(/database-url\s+required: postgres:\/\/ URL of an external PostgreSQL/);
    expect(notes).toMatch(/auth-secret\s+required/);
    expect(notes).toMatch(/bootstrap-admin-password\s+required/);
    expect(notes).toContain(`kubectl -n ${releaseNs} port-forward service/${notesRelease} 3000:80`);
    expect(notes).toContain(
      'as you@example.com with the password in the Secret\'s "bootstrap-admin-password" key',
    );
    expect(notes).toContain("docs/operations.md");
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
