import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.INSTALLATION_NAME).toBe("session-reconciler");
    expect(env.SESSION_LABEL_KEY).toBe("session");
    expect(env.dataDir).toMatch(/\.data$/);
  });

  it("refuses the embedded database in a cluster unless allowed for a single replica", () => {
    const inCluster = { KUBERNETES_SERVICE_HOST: "10.96.0.1" };
    expect(() => parseEnv(inCluster)).toThrow(/DATABASE_URL: is required in a cluster/);
    expect(parseEnv({ ...inCluster, DATABASE_URL: "postgres://u@db/x" }).DATABASE_URL).toBe(
      "postgres://u@db/x",
    );
    expect(
      parseEnv({ ...inCluster, ALLOW_EMBEDDED_DATABASE_IN_CLUSTER: "true" }).DATABASE_URL,
    ).toBeUndefined();
  });

  it("reads the trusted proxies as a list, none by default", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: " 10.0.0.0/8, ::1 ," }).TRUSTED_PROXIES).toEqual([
      "10.0.0.0/8",
      "::1",
    ]);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ INSTALLATION_NAME: "Not A Label!" }, "INSTALLATION_NAME"],
    [{ SESSION_LABEL_KEY: "bad key" }, "SESSION_LABEL_KEY"],
    [{ TRUSTED_PROXIES: "10.0.0.0/8, the-ingress" }, "TRUSTED_PROXIES"],
  ])("rejects %j naming the variable", (source, name) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(name);
  });
});

describe("parseEnv: platform settings", () => {
  it("reads secrets, flags and durations", () => {
    const env = parseEnv({
      PLATFORM_API_TOKEN: "p".repeat(20),
      AGENT_AUTO_APPROVE: "true",
      AGENT_HEARTBEAT_TIMEOUT_SECONDS: "12",
    });
    expect(env.PLATFORM_API_TOKEN).toBe("p".repeat(20));
    expect(env.AGENT_BOOTSTRAP_TOKEN).toBeUndefined();
    expect(env.AGENT_AUTO_APPROVE).toBe(true);
    expect(env.AGENT_HEARTBEAT_TIMEOUT_SECONDS).toBe(12);
    expect(env.COMMAND_DISPATCH_TIMEOUT_SECONDS).toBe(60);
  });

  it.each([
    [{ PLATFORM_API_TOKEN: "short" }, "PLATFORM_API_TOKEN"],
    [{ AGENT_AUTO_APPROVE: "yes please" }, "AGENT_AUTO_APPROVE"],
    [{ AGENT_HEARTBEAT_TIMEOUT_SECONDS: "-1" }, "AGENT_HEARTBEAT_TIMEOUT_SECONDS"],
    [{ SESSIONS_NAMESPACE: "Bad_NS" }, "SESSIONS_NAMESPACE"],
  ])("rejects %j", (source, name) => {
    expect(() => parseEnv(source)).toThrow(name);
  });
});

const kubeconfigYaml = `apiVersion: v1
kind: Config
clusters: [{ name: local, cluster: { server: "https://127.0.0.1:6443" } }]
users: [{ name: me, user: { token: abc } }]
contexts: [{ name: local, context: { cluster: local, user: me } }]
current-context: local
`;

describe("parseEnv: serverless hosts", () => {
  it("takes the kubeconfig as content, YAML or base64 of it", () => {
    expect(parseEnv({ KUBECONFIG_CONTENT: kubeconfigYaml }).KUBECONFIG_CONTENT).toBe(kubeconfigYaml.trim());
    const base64 = Buffer.from(kubeconfigYaml).toString("base64");
    expect(parseEnv({ KUBECONFIG_CONTENT: `${base64}\n` }).KUBECONFIG_CONTENT).toBe(base64);
    expect(parseEnv({ KUBECONFIG_CONTENT: " " }).KUBECONFIG_CONTENT).toBeUndefined();
  });

  it.each([
    ["not YAML", "clusters: [unclosed", /KUBECONFIG_CONTENT: is not a kubeconfig/],
    ["YAML of something else", "hello: world", /KUBECONFIG_CONTENT: names no current-context/],
    ["base64 of nothing useful", Buffer.from("just text").toString("base64"), /KUBECONFIG_CONTENT: names no/],
    [
      "a cluster entry without a cluster",
      "clusters: [{ name: a }]",
      /KUBECONFIG_CONTENT: is not a kubeconfig/,
    ],
  ])("refuses KUBECONFIG_CONTENT that is %s", (_case, content, message) => {
    expect(() => parseEnv({ KUBECONFIG_CONTENT: content })).toThrow(message);
  });

  it("refuses KUBECONFIG and KUBECONFIG_CONTENT together", () => {
    expect(() => parseEnv({ KUBECONFIG: "/etc/kube/config", KUBECONFIG_CONTENT: kubeconfigYaml })).toThrow(
      /set one of them/,
    );
  });

  it("is serverless on Vercel or when told, and then runs no loop and no watch whatever they say", () => {
    const asked = { RECONCILE_INTERVAL_SECONDS: "5", CLUSTER_OBSERVER: "watch" };
    const cases: [Record<string, string>, boolean][] = [
      [{}, false],
      [{ VERCEL: "1" }, true],
      [{ SERVERLESS: "true" }, true],
      [{ VERCEL: "1", SERVERLESS: "false" }, false],
    ];
    for (const [source, serverless] of cases) {
      const env = parseEnv({ ...source, ...asked });
      expect(env.serverless, JSON.stringify(source)).toBe(serverless);
      expect(env.RECONCILE_INTERVAL_SECONDS).toBe(serverless ? 0 : 5);
      expect(env.CLUSTER_OBSERVER).toBe(serverless ? "list" : "watch");
    }
    expect(() => parseEnv({ SERVERLESS: "yes" })).toThrow("SERVERLESS");
  });
});

describe("parseEnv: LOG_LEVEL", () => {
  it("is info by default, any of the four levels when set, and nothing else", () => {
    expect(parseEnv({}).LOG_LEVEL).toBe("info");
    expect(parseEnv({ LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
    expect(parseEnv({ LOG_LEVEL: "WARN" }).LOG_LEVEL).toBe("warn");
    expect(() => parseEnv({ LOG_LEVEL: "verbose" })).toThrow(
      /LOG_LEVEL: must be one of debug, info, warn, error/,
    );
  });
});

describe("parseEnv: clusters", () => {
  it("watches one cluster, CLUSTER_ID (local by default), found the usual way, without CLUSTERS", () => {
    expect(parseEnv({}).clusters).toEqual([{ id: "local", source: { kind: "search" } }]);
    expect(parseEnv({ CLUSTER_ID: "prod-eu" }).clusters).toEqual([
      { id: "prod-eu", source: { kind: "search" } },
    ]);
  });

  it("reads CLUSTERS as a list of ids with a kubeconfig path, its content, or the pod's account", () => {
    const clusters = JSON.stringify([
      { id: "eu-1", kubeconfig: "/etc/clusters/eu-1" },
      { id: "us-1", kubeconfigContent: kubeconfigYaml },
      { id: "home", inCluster: true },
    ]);
    expect(parseEnv({ CLUSTERS: clusters }).clusters).toEqual([
      { id: "eu-1", source: { kind: "file", path: "/etc/clusters/eu-1" } },
      { id: "us-1", source: { kind: "content", content: kubeconfigYaml.trim() } },
      { id: "home", source: { kind: "in-cluster" } },
    ]);
  });

  it.each([
    ["not JSON", "[{id:", /CLUSTERS: is not JSON/],
    ["empty", "[]", /CLUSTERS: must list at least one cluster/],
    ["a bad id", '[{"id":"EU_1","inCluster":true}]', /must be a DNS label/],
    ["two sources", '[{"id":"eu","kubeconfig":"/a","inCluster":true}]', /needs exactly one of kubeconfig/],
    ["no source", '[{"id":"eu"}]', /needs exactly one of kubeconfig/],
    [
      "an id twice",
      '[{"id":"eu","kubeconfig":"/a"},{"id":"eu","kubeconfig":"/b"}]',
      /names cluster "eu" twice/,
    ],
    [
      "two in-cluster",
      '[{"id":"a","inCluster":true},{"id":"b","inCluster":true}]',
      /more than one in-cluster/,
    ],
    ["an unknown key", '[{"id":"eu","kubeconfig":"/a","server":"x"}]', /Unrecognized key/],
    [
      "bad content",
      '[{"id":"eu","kubeconfigContent":"hello: world"}]',
      /cluster "eu": kubeconfigContent names no current-context/,
    ],
  ])("refuses CLUSTERS that is %s", (_name, value, message) => {
    expect(() => parseEnv({ CLUSTERS: value })).toThrow(message);
  });

  it("refuses CLUSTERS beside KUBECONFIG (two answers to where the cluster is)", () => {
    expect(() => parseEnv({ CLUSTERS: '[{"id":"eu","kubeconfig":"/a"}]', KUBECONFIG: "/b" })).toThrow(
      /CLUSTERS: names every cluster's kubeconfig itself/,
    );
  });
});
