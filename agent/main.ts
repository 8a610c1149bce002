/**
 * The reference agent: `npm run agent -- --id agent-a [--cluster local] [--control-plane URL]
 * [--kubeconfig PATH] [--wait-seconds 10]`, with the bootstrap token in AGENT_BOOTSTRAP_TOKEN
 * (never on the command line, where `ps` would show it). Exit codes: 0 stopped by SIGTERM/SIGINT,
 * 1 bad configuration, 3 replaced by a newer registration (stale epoch), 4 refused.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { loadKubeConfig } from "@/lib/k8s/kubeconfig";
import { getLogger, logLevels, parseLogLevel } from "@/lib/log/logger";
import { Agent } from "./agent";

function fail(message: string): never {
  process.stderr.write(`agent: ${message}\n`);
  process.exit(1);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        id: { type: "string" },
        cluster: { type: "string" },
        "control-plane": { type: "string" },
        kubeconfig: { type: "string" },
        "wait-seconds": { type: "string" },
      },
      strict: true,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
})();

const agentId = values.id ?? process.env.AGENT_ID ?? "";
if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(agentId)) {
  fail("--id (or AGENT_ID) must be a lowercase DNS label such as agent-a");
}
if (!parseLogLevel(process.env.LOG_LEVEL)) fail(`LOG_LEVEL must be one of ${logLevels.join(", ")}`);
// The server's logger, each line carrying this agent's id.
const log = getLogger().child({ agent: agentId });
const bootstrapToken = process.env.AGENT_BOOTSTRAP_TOKEN ?? "";
if (!bootstrapToken) fail("AGENT_BOOTSTRAP_TOKEN is not set");
const controlPlaneUrl = values["control-plane"] ?? process.env.CONTROL_PLANE_URL ?? "http://127.0.0.1:3000";
if (!URL.canParse(controlPlaneUrl)) fail(`--control-plane ${controlPlaneUrl} is not a URL`);
const waitSeconds = Number(values["wait-seconds"] ?? 10);
if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 60)
  fail("--wait-seconds must be 0..60");

let kubeConfig;
try {
  kubeConfig = loadKubeConfig({
    kubeconfigEnv: values.kubeconfig ?? process.env.KUBECONFIG,
    dataDir: path.resolve(process.env.DATA_DIR ?? ".data"),
  }).kubeConfig;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const agent = new Agent({
  agentId,
  cluster: values.cluster ?? process.env.AGENT_CLUSTER ?? "local",
  controlPlaneUrl,
  bootstrapToken,
  kubeConfig,
  waitSeconds,
  log: log.log,
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => agent.stop());

log.info("starting", { controlPlaneUrl, waitSeconds });
const exit = await agent.run();
if (exit.reason === "stopped") process.exit(0);
log.error(exit.reason === "replaced" ? "replaced by a newer registration; exiting" : "refused; exiting", {
  error: exit.message,
});
process.exit(exit.reason === "replaced" ? 3 : 4);
