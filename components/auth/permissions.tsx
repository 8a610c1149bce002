"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Permission } from "@/lib/auth/policy";

const PermissionsContext = createContext<readonly Permission[]>([]);

/** What the signed-in person may do, for hiding what they may not (the server checks anyway). */
export function PermissionsProvider(props: { permissions: readonly Permission[]; children: ReactNode }) {
  return (
    <PermissionsContext.Provider value={props.permissions}>{props.children}</PermissionsContext.Provider>
  );
}

/** Whether the signed-in person's role grants `permission`. */
export function useCan(permission: Permission): boolean {
  return useContext(PermissionsContext).includes(permission);
}
