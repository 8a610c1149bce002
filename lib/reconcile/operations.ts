/** The one-click fixes an admin can apply to sessions (shared by the UI and the server). */
export const manualOperations = [
  "retry-stop",
  "force-terminate",
  "delete-resources",
  "restore-objects",
] as const;
export type ManualOperation = (typeof manualOperations)[number];
