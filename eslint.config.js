import nextVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

// The rooms of the house and the doors between them (docs/architecture.md). Each rule has a test
// that lints a file breaking it (test/architecture/boundaries.test.ts).
const databaseDrivers = {
  group: [
    "pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite/*",
    "drizzle-orm/node-postgres",
    "drizzle-orm/pglite",
  ],
  message: "The database is opened only in lib/db (lib/db/client.ts).",
};
const kubernetesClient = {
  name: "@kubernetes/client-node",
  allowTypeImports: true,
  message: "Talk to Kubernetes only in lib/k8s (or agent/); elsewhere import its types only.",
};
const databaseModules = {
  group: [
    "@/lib/db/client",
    "@/lib/db/process",
    "@/lib/db/auth-adapter",
    "@/lib/db/queries/*",
    "@/lib/db/readers/*",
    "@/lib/db/writers/*",
  ],
  allowTypeImports: true,
  message: "Components get data from the server (props, routes, actions), never from the database.",
};
const io = {
  group: [
    "@/lib/config/env",
    "@/lib/db/*",
    "@/lib/db/**",
    "@/lib/k8s/observe",
    "@/lib/k8s/observer",
    "@/lib/k8s/client",
    "@/lib/k8s/delete-object",
    "@/lib/k8s/session-objects",
    "node:fs",
    "node:fs/promises",
    "node:child_process",
    "node:net",
    "node:http",
    "node:https",
    "fs",
    "child_process",
  ],
  allowTypeImports: true,
  message: "This file is pure: no environment, database, cluster or file I/O (pass in what it needs).",
};
const reconcileStorage = {
  group: ["@/lib/db", "@/lib/db/*", "@/lib/db/**"],
  allowTypeImports: true,
  message:
    "The reconciler reaches storage through its store (lib/reconcile/store.ts), built in lib/reconcile/server.ts; elsewhere in lib/reconcile import lib/db types only.",
};
const noClock = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: "Pure code takes `now` as input.",
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: "Pure code takes `now` as input.",
  },
  {
    selector: "MemberExpression[object.name='process'][property.name='env']",
    message: "Pure code reads no environment.",
  },
];
/** The pure core: decisions from inputs, no clock, environment or I/O. */
export const pureFiles = [
  "lib/drift/**",
  "lib/health/**",
  "lib/sessions/**",
  "lib/format/**",
  "lib/reconcile/plan.ts",
  "lib/reconcile/silence.ts",
  "lib/reconcile/blast-radius.ts",
  "lib/reconcile/pass/gate.ts",
  "lib/reconcile/plan-hash.ts",
  "lib/reconcile/types.ts",
  "lib/reconcile/store.ts",
  "lib/k8s/model/**",
];
const restrict = (paths, patterns) => ({
  "@typescript-eslint/no-restricted-imports": ["error", { paths, patterns }],
});
// Flat config: for one file the last matching block's rule options win, so each block lists all
// that applies to its files.
export const boundaries = [
  { files: ["app/**", "components/**", "lib/**", "agent/**"], rules: restrict([], [databaseDrivers]) },
  { files: ["app/**", "components/**", "lib/**"], rules: restrict([kubernetesClient], [databaseDrivers]) },
  { files: ["components/**"], rules: restrict([kubernetesClient], [databaseDrivers, databaseModules]) },
  {
    files: pureFiles,
    rules: {
      ...restrict([kubernetesClient], [databaseDrivers, io]),
      "no-restricted-syntax": ["error", ...noClock],
    },
  },
  {
    files: ["lib/reconcile/**"],
    ignores: [...pureFiles, "lib/reconcile/server.ts"],
    rules: restrict([kubernetesClient], [databaseDrivers, reconcileStorage]),
  },
  // The rooms allowed what the others are not.
  { files: ["lib/db/**"], rules: restrict([kubernetesClient], []) },
  { files: ["lib/k8s/**"], ignores: pureFiles, rules: restrict([], [databaseDrivers]) },
  {
    files: ["**/*.test.ts", "**/fixtures/**"],
    rules: { "@typescript-eslint/no-restricted-imports": "off", "no-restricted-syntax": "off" },
  },
];

const config = [
  {
    ignores: [
      ".next/**",
      ".next-standalone/**",
      ".data/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...boundaries,
  // One logger (lib/log/logger.ts): JSON lines with time, level and context, at LOG_LEVEL. Scripts
  // and tests print for people and may keep console.
  {
    files: ["lib/**", "agent/**", "instrumentation.ts", "instrumentation-node.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-console": "error" },
  },
];

export default config;
