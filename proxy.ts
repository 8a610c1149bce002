/**
 * Next.js proxy (runs before every page request): gives the page a fresh CSP nonce. The nonce
 * goes on the request's Content-Security-Policy header, where Next reads it to put it on its own
 * scripts, and on the response, where the browser enforces it. API routes and static files get
 * their (script-free) policy from next.config.ts instead.
 */
import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy } from "@/lib/http/content-security-policy";

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = buildContentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
