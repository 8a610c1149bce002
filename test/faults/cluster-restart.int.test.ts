import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "@/test/support/processes";

// The fault tests and every developer need `npm run cluster -- up` to bring back a local cluster
// that is partly down: its kube-apiserver killed (SIGKILL) while etcd and the rest still run. A
// cluster of its own (name and ports apart), so the shared one serving the other tests is untouched.
const env = { ...process.env, SR_CLUSTER_NAME: "sr-fault-restart", SR_APISERVER_PORT: "32750" };
const script = path.join(repoRoot, "scripts", "local-cluster.sh");
const run = (command: string) => promisify(execFile)("bash", [script, command], { env, cwd: repoRoot });
afterAll(() => run("reset").catch(() => undefined), 120_000);

describe("the local cluster after its API server was killed", () => {
  it("comes back whole with `up`", async () => {
    await run("up");
    const apiserver = execFileSync("pgrep", ["-f", "clusters/sr-fault-restart/bin/kube-apiserver"], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")[0]!;
    process.kill(Number(apiserver), "SIGKILL");
    await expect(run("status")).rejects.toMatchObject({
      stdout: expect.stringMatching(/created but not answering/),
    });

    await run("up");
    const { stdout } = await run("status");
    expect(stdout).toMatch(/local cluster 'sr-fault-restart': ready at https:\/\/127\.0\.0\.1:32750/);
    expect(stdout).toMatch(/node kwok-node-1 Ready/);
  }, 300_000);
});
