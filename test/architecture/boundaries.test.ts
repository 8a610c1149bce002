import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it, vi } from "vitest";

// The import rules of eslint.config.js, each shown to bite: a small file that breaks it, linted as
// if it lived where it must not, gets the rule's error; the same file where it may, gets none.
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });
// Loading the config and its plugins takes seconds on a busy machine: once, before the cases.
vi.setConfig({ testTimeout: 60_000 });
beforeAll(() => eslint.lintText("export {};\n", { filePath: "lib/x.ts" }), 120_000);

async function restrictions(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter(
      (m) => m.ruleId === "@typescript-eslint/no-restricted-imports" || m.ruleId === "no-restricted-syntax",
    )
    .map((m) => m.message);
}

const dbDriver = `import pg from "pg";\nexport const pool = pg.Pool;\n`;
const dbClient = `import { getDatabase } from "@/lib/db/client";\nexport const db = getDatabase;\n`;
const dbReader = `import { listRuns } from "@/lib/db/readers/reconcile";\nexport const runs = listRuns;\n`;
const k8sRuntime = `import { CoreV1Api } from "@kubernetes/client-node";\nexport const api = CoreV1Api;\n`;
const k8sTypes = `import type { V1Pod } from "@kubernetes/client-node";\nexport type Pod = V1Pod;\n`;
const dbQuery = `import { insertRun } from "@/lib/db/queries/reconcile";\nexport const insert = insertRun;\n`;
const dbTypes = `import type { Database } from "@/lib/db/client";\nexport type Db = Database;\n`;
const envRead = `import { getEnv } from "@/lib/config/env";\nexport const env = getEnv;\n`;
const clock = `export const at = () => new Date();\n`;
const clockNow = `export const at = () => Date.now();\n`;
const processEnv = `export const url = process.env.DATABASE_URL;\n`;
const fileIo = `import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n`;

describe("the import boundaries", () => {
  it("opens the database only in lib/db", async () => {
    expect(await restrictions("lib/reconcile/x.ts", dbDriver)).toEqual([
      expect.stringMatching(/only in lib\/db/),
    ]);
    expect(await restrictions("agent/x.ts", dbDriver)).toEqual([expect.stringMatching(/only in lib\/db/)]);
    expect(await restrictions("lib/db/x.ts", dbDriver)).toEqual([]);
  });

  it("talks to Kubernetes at run time only in lib/k8s and agent/, types anywhere", async () => {
    expect(await restrictions("lib/reconcile/x.ts", k8sRuntime)).toEqual([
      expect.stringMatching(/only in lib\/k8s/),
    ]);
    expect(await restrictions("app/x/page.tsx", k8sRuntime)).toEqual([
      expect.stringMatching(/only in lib\/k8s/),
    ]);
    expect(await restrictions("lib/reconcile/x.ts", k8sTypes)).toEqual([]);
    expect(await restrictions("lib/k8s/x.ts", k8sRuntime)).toEqual([]);
    expect(await restrictions("agent/x.ts", k8sRuntime)).toEqual([]);
  });

  it("keeps components away from the database and the cluster", async () => {
    expect(await restrictions("components/x.tsx", dbClient)).toEqual([
      expect.stringMatching(/never from the database/),
    ]);
    expect(await restrictions("components/x.tsx", dbReader)).toEqual([
      expect.stringMatching(/never from the database/),
    ]);
    expect(await restrictions("components/x.tsx", k8sRuntime)).toEqual([
      expect.stringMatching(/only in lib\/k8s/),
    ]);
  });

  it("lets the reconciler reach storage only through its store, built in server.ts", async () => {
    for (const file of ["lib/reconcile/run.ts", "lib/reconcile/pass/observe.ts", "lib/reconcile/manual.ts"]) {
      expect(await restrictions(file, dbQuery)).toEqual([expect.stringMatching(/through its store/)]);
      expect(await restrictions(file, dbClient)).toEqual([expect.stringMatching(/through its store/)]);
      expect(await restrictions(file, dbTypes)).toEqual([]);
      expect(await restrictions(file, k8sRuntime)).toEqual([expect.stringMatching(/only in lib\/k8s/)]);
    }
    expect(await restrictions("lib/reconcile/server.ts", dbClient + dbQuery)).toEqual([]);
    expect(await restrictions("lib/reconcile/store.ts", dbClient)).toEqual([
      expect.stringMatching(/is pure/),
    ]);
  });

  it("keeps the pure core free of clock, environment and I/O", async () => {
    for (const file of ["lib/drift/x.ts", "lib/reconcile/plan.ts", "lib/k8s/model/snapshot.ts"]) {
      expect(await restrictions(file, envRead)).toEqual([expect.stringMatching(/is pure/)]);
      expect(await restrictions(file, dbClient)).toEqual([expect.stringMatching(/is pure/)]);
      expect(await restrictions(file, fileIo)).toEqual([expect.stringMatching(/is pure/)]);
      expect(await restrictions(file, k8sRuntime)).toEqual([expect.stringMatching(/only in lib\/k8s/)]);
      expect(await restrictions(file, clock)).toEqual(["Pure code takes `now` as input."]);
      expect(await restrictions(file, clockNow)).toEqual(["Pure code takes `now` as input."]);
      expect(await restrictions(file, processEnv)).toEqual(["Pure code reads no environment."]);
    }
    // The same code is fine where I/O belongs.
    expect(await restrictions("lib/reconcile/run.ts", envRead + clock)).toEqual([]);
  });

  it("logs through the one logger in lib/, agent/ and instrumentation.ts; scripts and tests may print", async () => {
    const printing = `console.log("hello");\nexport {};\n`;
    const consoleRule = async (filePath: string) => {
      const [result] = await eslint.lintText(printing, { filePath });
      return result!.messages.filter((m) => m.ruleId === "no-console").length;
    };
    for (const file of ["lib/reconcile/x.ts", "agent/x.ts", "instrumentation.ts"]) {
      expect(await consoleRule(file), file).toBe(1);
    }
    for (const file of ["scripts/x.ts", "test/x.ts", "lib/reconcile/x.test.ts"]) {
      expect(await consoleRule(file), file).toBe(0);
    }
  });
});
