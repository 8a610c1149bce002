import { z } from "zod";
import { userRoles } from "@/lib/auth/roles";

export const userId = z.string().uuid("is not a user id");
export const userRole = z.enum(userRoles);
export const newPassword = z.string().min(12, "must be at least 12 characters").max(256);

export const newUserInput = z
  .object({
    email: z.string().trim().toLowerCase().email("is not an email address").max(200),
    name: z.string().trim().max(100).optional(),
    role: userRole,
    password: newPassword,
  })
  .strict();
