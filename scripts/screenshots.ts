/**
 * `npm run screenshots`: the README's pictures, from the real demo. Start `npm run demo` first (on
 * a fresh data directory, so the incident is there); this signs in as the demo admin (the password
 * is in `$DATA_DIR/demo-secrets.json`), saves the sessions dashboard with the incident's drift and
 * a stuck session's page, then runs one reconcile pass through the cron endpoint — which fixes the
 * drift it found — and saves that run's page. PNGs of 1280x800 go to docs/screenshots/.
 * `DEMO_URL` (default http://127.0.0.1:$PORT, PORT 3000) and `DATA_DIR` (default .data) point at
 * another demo.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { repoRoot } from "./support/process-group";

const url = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(repoRoot, ".data"));
const outDir = path.join(repoRoot, "docs", "screenshots");
const secrets = JSON.parse(readFileSync(path.join(dataDir, "demo-secrets.json"), "utf8")) as {
  platformToken: string;
  cronSecret: string;
  adminPassword: string;
};

async function api<T>(route: string, token: string): Promise<T> {
  const response = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${route}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function save(page: Page, route: string, name: string, ready: (page: Page) => Promise<unknown>) {
  await page.goto(`${url}${route}`);
  await ready(page);
  // Relative times and the tooltips' clock settle after hydration; one tick of <Time> is enough.
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: path.join(outDir, name) });
  console.log(`[screenshots] ${name}: ${route}`);
}

const { sessions } = await api<{ sessions: { id: string }[] }>(
  "/api/v1/sessions?state=terminating&limit=1",
  secrets.platformToken,
);
if (sessions.length === 0) {
  throw new Error("the demo has no session stuck in terminating: start it on a fresh data directory");
}
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill(secrets.adminPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));

  // The incident counts as drift once STUCK_TERMINATING_SECONDS (5 min) have passed since its stop.
  await save(page, "/sessions", "dashboard.png", (p) =>
    p
      .getByText(/terminating for \d/)
      .first()
      .waitFor({ timeout: 6 * 60_000 }),
  );
  await save(page, `/sessions/${sessions[0]!.id}`, "session.png", (p) => p.getByTestId("timeline").waitFor());
  const report = await api<{ runId: number }>("/api/cron/reconcile", secrets.cronSecret);
  await save(page, `/runs/${report.runId}`, "run.png", (p) => p.getByTestId("run-outcomes").waitFor());
} finally {
  await browser.close();
}
