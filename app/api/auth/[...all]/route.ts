/**
 * /api/auth/* — better-auth: sign-in with email + password (POST /sign-in/email), OIDC
 * (POST /sign-in/social {provider: "oidc"}, GET /callback/oidc), sign-out (POST /sign-out), the session
 * (GET /get-session). Public by nature; better-auth checks the Origin of every POST and limits
 * sign-in attempts per address (AUTH_RATE_LIMIT_PER_MINUTE).
 */
import { clientAddress, clientAddressHeader, getAuth } from "@/lib/auth/auth";
import { withRoute } from "@/lib/auth/guard";
import { payloadTooLarge } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/** Sign-in bodies are an email and a password; nothing legitimate comes near this. */
const maxBodyBytes = 64 * 1024;

/** better-auth, told the client's address the way the rest of the app reads it. */
async function handle(request: Request): Promise<Response> {
  if (Number(request.headers.get("content-length")) > maxBodyBytes) throw payloadTooLarge(maxBodyBytes);
  const headers = new Headers(request.headers);
  headers.set(clientAddressHeader, clientAddress(request) ?? "unknown");
  const forwarded = new Request(request.url, {
    method: request.method,
    headers,
    body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
    signal: request.signal,
  });
  return (await getAuth()).handler(forwarded);
}

export const GET = withRoute("GET /api/auth/[...all]", handle);
export const POST = withRoute("POST /api/auth/[...all]", handle);
