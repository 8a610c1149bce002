import type { NextConfig } from "next";
import { buildContentSecurityPolicy } from "./lib/http/content-security-policy";

/**
 * Headers on every response: no sniffing, no framing, no referrer to other sites, no powerful
 * features. The Content-Security-Policy of pages carries a per-request nonce and is set by
 * proxy.ts; everything else (API routes, static files) runs no script and gets the policy below
 * (lib/http/content-security-policy.ts builds both).
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
const scriptFreePolicy = buildContentSecurityPolicy();

const nextConfig: NextConfig = {
  // PGlite loads its WASM from its own package directory and client-node pulls in native-ish
  // dependencies (ws, jsonpath); bundling either breaks them at run time in pages.
  serverExternalPackages: ["@electric-sql/pglite", "@kubernetes/client-node"],
  // The container image runs Next's standalone server (scripts/build-standalone.sh sets these);
  // development and the tests use `next start` on the default `.next`.
  ...(process.env.NEXT_OUTPUT_STANDALONE === "1"
    ? { output: "standalone", distDir: ".next-standalone" }
    : {}),
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: scriptFreePolicy }] },
      { source: "/_next/:path*", headers: [{ key: "Content-Security-Policy", value: scriptFreePolicy }] },
    ];
  },
};

export default nextConfig;
