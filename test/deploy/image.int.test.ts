import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitForAgentConnection } from "@/test/support/agent-control";
import { bootstrapToken, platformToken, type ApiAnswer } from "@/test/support/app-platform";
import { testAuthEnv } from "@/test/support/auth";
import {
  buildImage,
  inspectImage,
  missingImageTools,
  portableKubeconfig,
  runContainer,
  type Container,
  type ImageConfig,
} from "@/test/support/image";
import { waitFor } from "@/test/support/kube";
import { createScratchDatabase } from "@/test/support/postgres";
import { freePort, repoRoot } from "@/test/support/processes";

// The container image itself, built from the Dockerfile here (buildah, on the stand-in base of
// scripts/image-base.sh) and run with podman: what operators deploy must start, migrate, serve,
// stay non-root and carry a working agent. A cold build takes minutes (docs/operations.md).
const noTools = missingImageTools();
if (noTools) {
  console.error(
    `\n!!! SKIPPED test/deploy/image.int.test.ts: this platform cannot run buildah/podman:\n${noTools}\n`,
  );
}

async function apiCall(base: string, method: string, route: string, token?: string): Promise<ApiAnswer> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as ApiAnswer["body"] };
}

describe.skipIf(noTools)("the container image, built from the Dockerfile and run", () => {
  let image = "";
  let config: ImageConfig;
  let container: Container;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let kubeconfig = "";
  let url = "";

  beforeAll(async () => {
    image = buildImage();
    config = inspectImage(image);
    scratch = await createScratchDatabase(inject("testDatabaseUrl"));
    kubeconfig = portableKubeconfig(inject("testKubeconfig"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    container = runContainer(
      image,
      `sr-image-test-${port}`,
      {
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        ...testAuthEnv,
        DATABASE_URL: scratch.url,
        KUBECONFIG: "/run/kubeconfig",
        RECONCILE_INTERVAL_SECONDS: "0",
        AGENT_BOOTSTRAP_TOKEN: bootstrapToken,
        AGENT_AUTO_APPROVE: "true",
        PLATFORM_API_TOKEN: platformToken,
      },
      { [kubeconfig]: "/run/kubeconfig" },
    );
    await waitFor(
      `the image's server (log: ${container.process.logFile})`,
      async () => ((await fetch(`${url}/api/healthz`)).ok ? true : undefined),
      120_000,
    );
  }, 1_800_000);
  afterAll(async () => {
    await container?.remove();
    await scratch?.drop();
  });

  it("runs the standalone server as its CMD, as the non-root uid 10001", () => {
    expect(config.Cmd).toEqual(["node", "server.js"]);
    expect(config.User).toBe("10001");
    const status = readFileSync(`/proc/${container.pid()}/status`, "utf8");
    expect(status).toMatch(/^Uid:\s+10001\s+10001\s+10001\s+10001$/m);
    expect(status).toMatch(/^Gid:\s+10001\s/m);
  });

  it("applied every migration at start and reports ready", async () => {
    const journal = JSON.parse(readFileSync(path.join(repoRoot, "drizzle/meta/_journal.json"), "utf8")) as {
      entries: unknown[];
    };
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const applied = await client.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
      expect(applied.rows[0].n).toBe(journal.entries.length);
    } finally {
      await client.end();
    }
    const ready = await fetch(`${url}/api/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    expect(ready.status).toBe(200);
  });

  it("passes its own HEALTHCHECK command", () => {
    const test = config.Healthcheck?.Test ?? [];
    expect(test[0]).toBe("CMD");
    const result = container.exec(test.slice(1));
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  it("carries the agent: `node agent.mjs` registers and connects", async () => {
    const agent = container.exec(
      [
        "sh",
        "-c",
        'node agent.mjs --id image-agent --control-plane "$CP" --wait-seconds 2 >/tmp/agent.log 2>&1 &',
      ],
      { CP: url, AGENT_BOOTSTRAP_TOKEN: bootstrapToken, KUBECONFIG: "/run/kubeconfig" },
    );
    expect(agent.status).toBe(0);
    await waitForAgentConnection(
      { api: (method, route, options) => apiCall(url, method, route, options?.token) },
      "image-agent",
    );
  });
});
