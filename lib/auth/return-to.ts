/**
 * Where to go after signing in: only a path on this site (`/sessions?x=1`), never another
 * origin (`//evil.example`, `https://…`, `/\evil`), so the sign-in page cannot be used as an
 * open redirect. Anything else goes to the dashboard.
 */
export function safeReturnPath(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/sessions";
  if (/[\u0000-\u001f]/.test(value) || value.length > 2000) return "/sessions";
  return value;
}
