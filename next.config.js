/**
 * Headers on every response. The Content-Security-Policy allows only this origin; Next's
 * bootstrap scripts and React's style attributes are inline, hence 'unsafe-inline' for scripts and
 * styles until a per-request nonce replaces it. frame-ancestors 'none' and X-Frame-Options keep
 * the dashboard out of other sites' frames.
 */
const securityHeaders = [
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
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
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
