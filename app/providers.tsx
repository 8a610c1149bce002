"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { PermissionsProvider } from "@/components/auth/permissions";
import type { Permission } from "@/lib/auth/policy";

/** Client-side providers: one QueryClient per browser tab, and what the signed-in person may do. */
export function Providers({ children, permissions }: { children: ReactNode; permissions: Permission[] }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        // Polling stops while the tab is hidden (react-query's default, stated), and a refetch
        // follows when it is focused again.
        defaultOptions: {
          queries: { staleTime: 2_000, refetchOnWindowFocus: true, refetchIntervalInBackground: false },
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <PermissionsProvider permissions={permissions}>{children}</PermissionsProvider>
    </QueryClientProvider>
  );
}
