/**
 * What a signed-in person may do. `none` is signed in without access (a new single-sign-on user
 * until an admin grants a role). lib/auth/policy.ts says what each role allows.
 */
export const userRoles = ["none", "viewer", "operator", "admin"] as const;
export type UserRole = (typeof userRoles)[number];
