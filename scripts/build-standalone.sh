#!/usr/bin/env bash
# Builds what the container image runs: Next's standalone server (only the files production needs,
# traced from the code) in .next-standalone/standalone/, with its static assets and the SQL
# migrations beside it. Start it with `node server.js` from that directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT_STANDALONE=1
rm -rf .next-standalone
npx next build
out=.next-standalone/standalone
cp -r .next-standalone/static "$out/.next-standalone/static"
cp -r drizzle "$out/drizzle"
[ -d public ] && cp -r public "$out/public"
# The reference agent, bundled into one file beside the server: the same image runs either
# (`node agent.mjs --id …`).
npx esbuild agent/main.ts --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
  --outfile="$out/agent.mjs"
echo "standalone server in $out (node server.js; the agent: node agent.mjs)"
