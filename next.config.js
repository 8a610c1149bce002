/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM from its own package directory and client-node pulls in native-ish
  // dependencies (ws, jsonpath); bundling either breaks them at run time in pages.
  serverExternalPackages: ["@electric-sql/pglite", "@kubernetes/client-node"],
  poweredByHeader: false,
};

export default nextConfig;
