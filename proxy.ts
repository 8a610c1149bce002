/**
 * Next.js proxy (runs before every page request): refuses oversized server-action bodies with
 * 413, and gives the page a fresh CSP nonce. The nonce
 * goes on the request's Content-Security-Policy header, where Next reads it to put it on its own
 * scripts, and on the response, where the browser enforces it. API routes and static files get
 * their (script-free) policy from next.config.ts instead.
 */
import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy } from "@/lib/http/content-security-policy";

/** Server actions take small JSON inputs; Next's own limit (1 MB) would answer a bare 500. */
const maxActionBodyBytes = 1_000_000;

export function proxy(request: NextRequest) {
  if (
    request.headers.has("next-action") &&
    Number(request.headers.get("content-length")) > maxActionBodyBytes
  ) {
    return NextResponse.json(
      {
        error: {
          code: "payload_too_large",
          message: `the request body is larger than ${maxActionBodyBytes} bytes`,
        },
      },
      { status: 413 },
    );
  }
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
