/**
 * Next.js proxy (runs before every request but static files): refuses what would otherwise reach
 * Next as a bare 500 — a path that is not valid percent-encoding (400), a method no route has
 * (405), an oversized server-action body (413) — and gives each page a fresh CSP nonce. The nonce
 * goes on the request's Content-Security-Policy header, where Next reads it to put it on its own
 * scripts, and on the response, where the browser enforces it. API routes and static files get
 * their (script-free) policy from next.config.ts instead.
 */
import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy } from "@/lib/http/content-security-policy";

/** Server actions take small JSON inputs; Next's own limit (1 MB) would answer a bare 500. */
const maxActionBodyBytes = 1_000_000;

const methods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const refuse = (status: number, code: string, message: string) =>
  NextResponse.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });

export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return refuse(400, "bad_request", "the path is not valid percent-encoding");
  }
  if (!methods.has(request.method))
    return refuse(405, "method_not_allowed", `method ${request.method.slice(0, 20)} is not served here`);
  // API routes carry their own (script-free) policy from next.config.ts.
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
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
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
