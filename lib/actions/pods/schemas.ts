import { z } from "zod";
import { sessionId } from "@/lib/platform/schemas";

/** A DNS-1123 name, as Kubernetes names namespaces and pods (at most 253 characters). */
const kubernetesName = z
  .string()
  .max(253, "is too long for a Kubernetes name")
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "is not a Kubernetes name");

/**
 * One stuck pod, as the admin saw it on the session page: its name, the `resourceVersion` shown
 * (the repair's precondition), and the name typed again to confirm.
 */
export const podRepairInput = z
  .object({
    sessionId,
    namespace: kubernetesName,
    name: kubernetesName,
    resourceVersion: z.string().regex(/^[0-9]{1,20}$/, "is not a resourceVersion"),
    confirmName: z.string().max(253),
  })
  .strict()
  .refine((input) => input.confirmName === input.name, {
    path: ["confirmName"],
    message: "type the pod's name to confirm",
  });
