import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeConfigInvalidError, KubeConfigMissingError, loadKubeConfig } from "./kubeconfig";

const kubeconfigYaml = `apiVersion: v1
kind: Config
clusters: [{ name: local, cluster: { server: "https://127.0.0.1:6443" } }]
users: [{ name: me, user: { token: abc } }]
contexts: [{ name: local, context: { cluster: local, user: me } }]
current-context: local
`;

describe("loadKubeConfig", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sr-kubeconfig-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the local cluster's kubeconfig under the data directory when KUBECONFIG is unset", async () => {
    await writeFile(path.join(dir, "kubeconfig"), kubeconfigYaml);
    const loaded = loadKubeConfig({ dataDir: dir });
    expect(loaded.source).toContain("local cluster");
    expect(loaded.kubeConfig.getCurrentCluster()?.server).toBe("https://127.0.0.1:6443");
  });

  it("names a KUBECONFIG file that does not exist", () => {
    expect(() => loadKubeConfig({ kubeconfigEnv: "/nope/config", dataDir: dir })).toThrow(
      KubeConfigMissingError,
    );
    expect(() => loadKubeConfig({ kubeconfigEnv: "/nope/config", dataDir: dir })).toThrow("/nope/config");
  });

  it("takes KUBECONFIG_CONTENT first, as YAML or base64 of it, over the local cluster's file", async () => {
    await writeFile(path.join(dir, "kubeconfig"), kubeconfigYaml.replace("6443", "7443"));
    for (const content of [kubeconfigYaml, Buffer.from(kubeconfigYaml).toString("base64")]) {
      const loaded = loadKubeConfig({ kubeconfigContent: content, dataDir: dir });
      expect(loaded.source).toBe("KUBECONFIG_CONTENT");
      expect(loaded.kubeConfig.getCurrentCluster()?.server).toBe("https://127.0.0.1:6443");
    }
  });

  it("says what is wrong with content that is not a kubeconfig", () => {
    expect(() => loadKubeConfig({ kubeconfigContent: "hello: world", dataDir: dir })).toThrow(
      KubeConfigInvalidError,
    );
  });
});
