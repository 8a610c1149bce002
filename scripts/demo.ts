/**
 * `npm run demo` (after scripts/demo.sh has built everything): starts the app, two reference
 * agents, and — on a fresh database — creates a few dozen sessions on the local cluster, leaving
 * some in the states an admin must see: the incident (stuck in `terminating` with pods Running
 * because their agent died holding the stop), a session whose Deployment was deleted by hand, a
 * pod held in Terminating by a finalizer, orphaned objects with no session row, and a session
 * whose agent vanished before it could start it. Ctrl-C stops the app and the agents; the cluster
 * and the data stay (`npm run cluster -- reset` and `rm -rf .data/pglite` start over).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { deriveSessionLabels, INSTALLATION_ID_ANNOTATION } from "@/lib/k8s/model/labels";
import { repoRoot, spawnGroup as spawnInGroup, type Spawned } from "./support/process-group";

const port = Number(process.env.PORT ?? 3000);
const url = `http://127.0.0.1:${port}`;
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(repoRoot, ".data"));
const kubeconfig = process.env.KUBECONFIG ?? path.join(dataDir, "kubeconfig");
const installation = process.env.INSTALLATION_NAME ?? "session-reconciler";
const namespace = process.env.SESSIONS_NAMESPACE ?? "sessions";

const logDir = path.join(dataDir, "logs");
const spawnGroup = (name: string, command: string, args: string[], env: Record<string, string>) =>
  spawnInGroup({ name, command, args, env, logDir });

function say(message: string) {
  console.log(`[demo] ${message}`);
}

interface DemoSecrets {
  platformToken: string;
  bootstrapToken: string;
  cronSecret: string;
  authSecret: string;
  adminPassword: string;
}

const adminEmail = "admin@example.com";

/** Demo secrets: generated once per data directory, so restarts keep working agents and sign-ins. */
function demoSecrets(): DemoSecrets {
  const file = path.join(dataDir, "demo-secrets.json");
  const saved: Partial<DemoSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  // Fields added by later versions are generated; the ones already there are kept.
  const secrets: DemoSecrets = {
    platformToken: saved.platformToken ?? `demo-platform-${randomBytes(16).toString("hex")}`,
    bootstrapToken: saved.bootstrapToken ?? `demo-bootstrap-${randomBytes(16).toString("hex")}`,
    cronSecret: saved.cronSecret ?? `demo-cron-${randomBytes(16).toString("hex")}`,
    authSecret: saved.authSecret ?? randomBytes(32).toString("base64url"),
    adminPassword: saved.adminPassword ?? `demo-${randomBytes(9).toString("base64url")}`,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

const secrets = demoSecrets();
const children: Spawned[] = [];

async function api<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${secrets.platformToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}: ${json.error?.message}`);
  return json;
}

async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function startAgent(agentId: string): Spawned {
  const agent = spawnGroup(
    `demo-${agentId}`,
    path.join(repoRoot, "node_modules", ".bin", "tsx"),
    ["agent/main.ts", "--id", agentId, "--control-plane", url, "--wait-seconds", "10"],
    { AGENT_BOOTSTRAP_TOKEN: secrets.bootstrapToken, KUBECONFIG: kubeconfig },
  );
  children.push(agent);
  return agent;
}

type Session = { id: string; state: string };

async function connected(agentId: string) {
  await waitUntil(`${agentId} to connect`, async () => {
    const { agents } = await api<{ agents: { id: string; connection: { connected: boolean } }[] }>(
      "GET",
      "/api/v1/agents",
    );
    return agents.find((a) => a.id === agentId)?.connection.connected ? true : undefined;
  });
}

async function createSession(agentId: string, user: string): Promise<string> {
  const { session } = await api<{ session: Session }>("POST", "/api/v1/sessions", {
    userId: user,
    template: `registry.example/workspaces/python:3.${12 + (user.length % 3)}`,
    agentId,
    namespace,
  });
  return session.id;
}

async function waitForState(id: string, state: string) {
  await waitUntil(`${id} to be ${state}`, async () => {
    const { session } = await api<{ session: Session }>("GET", `/api/v1/sessions/${id}`);
    return session.state === state ? true : undefined;
  });
}

async function seed() {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const users = ["ada", "grace", "linus", "margaret", "ken", "barbara", "dennis", "frances", "alan", "radia"];

  say("creating 24 sessions on agent-a and agent-b");
  const healthy: string[] = [];
  for (let i = 0; i < 24; i++)
    healthy.push(await createSession(i % 2 ? "agent-b" : "agent-a", users[i % users.length]!));
  for (const id of healthy) await waitForState(id, "running");

  say("stopping 6 of them normally (terminated, user_requested)");
  for (const id of healthy.slice(0, 6)) await api("POST", `/api/v1/sessions/${id}/stop`);
  for (const id of healthy.slice(0, 6)) await waitForState(id, "terminated");

  say("the incident: agent-old runs 4 sessions, receives their stop, and is killed before it acts");
  const old = startAgent("agent-old");
  await connected("agent-old");
  const stuck: string[] = [];
  for (let i = 0; i < 4; i++) stuck.push(await createSession("agent-old", users[(i + 3) % users.length]!));
  for (const id of stuck) await waitForState(id, "running");
  const pendingForever = await createSession("agent-old", "hedy");
  process.kill(-old.child.pid!, "SIGSTOP");
  for (const id of stuck) await api("POST", `/api/v1/sessions/${id}/stop`);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await old.kill("SIGKILL");
  children.splice(children.indexOf(old), 1);
  say(`  stuck in terminating with pods Running: ${stuck.join(", ")}`);
  say(`  pending on a vanished agent: ${pendingForever}`);

  const [missing, finalizer] = healthy.slice(6, 8) as [string, string];
  say(`a running session whose Deployment and Service were deleted by hand: ${missing}`);
  await apps.deleteNamespacedDeployment({ name: missing, namespace, propagationPolicy: "Background" });
  await core.deleteNamespacedService({ name: missing, namespace });

  say(`a pod held in Terminating by a finalizer: session ${finalizer}`);
  const pods = await core.listNamespacedPod({ namespace, labelSelector: `session=${finalizer}` });
  const pod = pods.items[0]!;
  await core.patchNamespacedPod({
    name: pod.metadata!.name!,
    namespace,
    body: [{ op: "add", path: "/metadata/finalizers", value: ["example.com/storage-protection"] }],
  });
  await core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace });

  say("orphaned objects: a Deployment and Service labelled as ours whose session row does not exist");
  const { installationId } = await api<{ installationId: string }>("GET", "/api/v1/installation");
  const annotations = { [INSTALLATION_ID_ANNOTATION]: installationId };
  for (const orphan of ["s-orphan000001", "s-orphan000002"]) {
    const labels = deriveSessionLabels({
      sessionLabelKey: "session",
      installation,
      sessionId: orphan,
      agentId: "agent-gone",
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: orphan, labels, annotations },
        spec: {
          replicas: 1,
          selector: { matchLabels: { session: orphan } },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: "session", image: "registry.example/old:1" }] },
          },
        },
      },
    });
    await core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: orphan, labels, annotations },
        spec: { selector: { session: orphan }, ports: [{ port: 80 }] },
      },
    });
  }
}

function shutdown(code: number) {
  Promise.all(children.map((c) => c.kill("SIGTERM"))).finally(() => process.exit(code));
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

try {
  say(`starting the app on ${url}`);
  const app = spawnGroup(
    "demo-app",
    path.join(repoRoot, "node_modules", ".bin", "next"),
    ["start", "-p", String(port)],
    {
      PLATFORM_API_TOKEN: secrets.platformToken,
      AGENT_BOOTSTRAP_TOKEN: secrets.bootstrapToken,
      AGENT_AUTO_APPROVE: "true",
      SESSIONS_NAMESPACE: namespace,
      // Off unless asked for, so the demo's drift waits for a person (README).
      RECONCILE_INTERVAL_SECONDS: process.env.RECONCILE_INTERVAL_SECONDS ?? "0",
      CRON_SECRET: secrets.cronSecret,
      AUTH_SECRET: secrets.authSecret,
      AUTH_BOOTSTRAP_ADMIN_EMAIL: adminEmail,
      AUTH_BOOTSTRAP_ADMIN_PASSWORD: secrets.adminPassword,
      NODE_ENV: "production",
    },
  );
  children.push(app);
  void app.exited.then((code) => {
    say(`the app exited (${code}); see ${app.logFile}`);
    shutdown(1);
  });
  await waitUntil("the app", async () => ((await fetch(`${url}/api/healthz`)).ok ? true : undefined));
  startAgent("agent-a");
  startAgent("agent-b");
  await connected("agent-a");
  await connected("agent-b");
  const { sessions } = await api<{ sessions: Session[] }>("GET", "/api/v1/sessions?limit=1");
  if (sessions.length === 0) await seed();
  else say("the database already has sessions; not seeding again");
  say(`ready: ${url}  (logs in ${logDir})`);
  say(
    `sign in as ${adminEmail} with the password ${secrets.adminPassword}  (kept in ${dataDir}/demo-secrets.json)`,
  );
  say(
    `platform API token: ${secrets.platformToken}  (curl -H "Authorization: Bearer …" ${url}/api/v1/sessions)`,
  );
} catch (error) {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  shutdown(1);
}
