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
};

export default nextConfig;
