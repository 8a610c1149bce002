import type { UserRole } from "./roles";

/**
 * Who may do what: the one table every page, route handler and server action is checked
 * against (lib/auth/guard.ts enforces it; docs/security.md explains it). Pure data, no I/O.
 */

/** What a role may do; each role also has everything the role before it has. */
export const permissions = [
  "dashboard:read",
  "sessions:operate",
  "reconcile:override",
  "pods:repair",
  "agents:manage",
  "users:manage",
  "settings:manage",
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<UserRole, readonly Permission[]> = {
  none: [],
  viewer: ["dashboard:read"],
  operator: ["dashboard:read", "sessions:operate"],
  // Past the blast-radius limit only an admin applies a plan (and only the plan they previewed).
  // Stuck pods too: removing a finalizer or force deleting skips a safety Kubernetes keeps on purpose.
  // Runtime settings and the pause change what automation does everywhere: admins only.
  admin: [
    "dashboard:read",
    "sessions:operate",
    "reconcile:override",
    "pods:repair",
    "agents:manage",
    "users:manage",
    "settings:manage",
  ],
};

/** Whether `role` grants `permission`. An unknown role grants nothing. */
export function roleAllows(role: string | null | undefined, permission: Permission): boolean {
  return (grants[role as UserRole] ?? []).includes(permission);
}

/** The least role that grants `permission`, for messages ("requires the operator role"). */
export function leastRoleFor(permission: Permission): UserRole {
  return (["viewer", "operator", "admin"] as const).find((role) => roleAllows(role, permission)) ?? "admin";
}

/**
 * Who a request must come from:
 * - `public`: anyone (sign-in, probes);
 * - `signed-in`: any signed-in person, even without a role (the no-access page);
 * - `user`: a signed-in person whose role grants `permission`;
 * - `secret`: the bearer secret in the named variable (constant-time compare, fails closed);
 * - `agent`: an agent's own credential (`sra.<id>.<epoch>.<secret>`), not revoked, current epoch;
 * - `user-or-secret`: either of the two (metrics: a person or Prometheus).
 */
export type AccessRule =
  | { kind: "public" }
  | { kind: "signed-in" }
  | { kind: "user"; permission: Permission }
  | { kind: "secret"; variable: MachineSecret }
  | { kind: "agent" }
  | { kind: "user-or-secret"; permission: Permission; variable: MachineSecret };

export type MachineSecret = "CRON_SECRET" | "PLATFORM_API_TOKEN" | "AGENT_BOOTSTRAP_TOKEN" | "METRICS_TOKEN";

const read: AccessRule = { kind: "user", permission: "dashboard:read" };
const platform: AccessRule = { kind: "secret", variable: "PLATFORM_API_TOKEN" };

/** Every page, by its route pattern (the folder under app/). */
export const pageAccess = {
  "/": read,
  "/sign-in": { kind: "public" },
  "/no-access": { kind: "signed-in" },
  "/sessions": read,
  "/sessions/[id]": read,
  "/agents": read,
  "/runs": read,
  "/runs/[id]": read,
  "/audit": read,
  "/status": read,
  "/quarantine": read,
  "/users": { kind: "user", permission: "users:manage" },
  "/settings": { kind: "user", permission: "settings:manage" },
  "/settings/notifications": { kind: "user", permission: "settings:manage" },
} as const satisfies Record<string, AccessRule>;
export type PagePath = keyof typeof pageAccess;

/** Every route handler, as `METHOD /pattern`. */
export const routeAccess = {
  "GET /api/auth/[...all]": { kind: "public" },
  "POST /api/auth/[...all]": { kind: "public" },
  "GET /api/healthz": { kind: "public" },
  "GET /api/readyz": { kind: "public" },
  "GET /api/status": read,
  "GET /api/dashboard/sessions": read,
  "GET /api/dashboard/automation": read,
  "GET /api/export/sessions": read,
  "GET /api/export/audit": read,
  "GET /api/metrics": { kind: "user-or-secret", permission: "dashboard:read", variable: "METRICS_TOKEN" },
  "GET /api/cron/reconcile": { kind: "secret", variable: "CRON_SECRET" },
  "GET /api/v1/sessions": platform,
  "POST /api/v1/sessions": platform,
  "GET /api/v1/sessions/[id]": platform,
  "POST /api/v1/sessions/[id]/stop": platform,
  "GET /api/v1/agents": platform,
  "GET /api/v1/installation": platform,
  "POST /api/v1/agents/[id]/approval": platform,
  "POST /api/v1/agents/register": { kind: "secret", variable: "AGENT_BOOTSTRAP_TOKEN" },
  "POST /api/v1/agents/heartbeat": { kind: "agent" },
  "POST /api/v1/agents/commands/[id]/result": { kind: "agent" },
} as const satisfies Record<string, AccessRule>;
export type RouteKey = keyof typeof routeAccess;

/** Every server action, by name (its file under lib/actions/ without `-action.ts`). */
export const actionAccess = {
  "sessions/retry-stop": { kind: "user", permission: "sessions:operate" },
  "sessions/force-terminate": { kind: "user", permission: "sessions:operate" },
  "sessions/delete-resources": { kind: "user", permission: "sessions:operate" },
  "sessions/preview-operation": { kind: "user", permission: "sessions:operate" },
  "sessions/restore-objects": { kind: "user", permission: "sessions:operate" },
  "sessions/bulk-over-filter": { kind: "user", permission: "sessions:operate" },
  "reconcile/preview-reconcile": { kind: "user", permission: "sessions:operate" },
  "reconcile/apply-reconcile": { kind: "user", permission: "sessions:operate" },
  "reconcile/apply-reconcile-past-limit": { kind: "user", permission: "reconcile:override" },
  "pods/remove-pod-finalizers": { kind: "user", permission: "pods:repair" },
  "pods/force-delete-pod": { kind: "user", permission: "pods:repair" },
  "agents/set-agent-approval": { kind: "user", permission: "agents:manage" },
  "agents/revoke-agent": { kind: "user", permission: "agents:manage" },
  "users/set-user-role": { kind: "user", permission: "users:manage" },
  "users/create-user": { kind: "user", permission: "users:manage" },
  "users/sign-out-user": { kind: "user", permission: "users:manage" },
  "users/reset-password": { kind: "user", permission: "users:manage" },
  "settings/create-webhook": { kind: "user", permission: "settings:manage" },
  "settings/delete-webhook": { kind: "user", permission: "settings:manage" },
  "settings/set-webhook-enabled": { kind: "user", permission: "settings:manage" },
  "settings/send-test-webhook": { kind: "user", permission: "settings:manage" },
  "settings/update-settings": { kind: "user", permission: "settings:manage" },
  "settings/set-automation-paused": { kind: "user", permission: "settings:manage" },
} as const satisfies Record<string, AccessRule & { kind: "user" }>;
export type ActionName = keyof typeof actionAccess;
