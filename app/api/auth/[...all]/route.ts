/**
 * /api/auth/* — better-auth: sign-in with email + password (POST /sign-in/email), OIDC
 * (POST /sign-in/social {provider: "oidc"}, GET /callback/oidc), sign-out (POST /sign-out), the session
 * (GET /get-session). Public by nature; better-auth checks the Origin of every POST and limits
 * sign-in attempts per address (AUTH_RATE_LIMIT_PER_MINUTE).
 */
import { getAuth } from "@/lib/auth/auth";
import { withRoute } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

export const GET = withRoute("GET /api/auth/[...all]", async (request: Request) =>
  (await getAuth()).handler(request),
);
export const POST = withRoute("POST /api/auth/[...all]", async (request: Request) =>
  (await getAuth()).handler(request),
);
