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
echo "standalone server in $out (node server.js)"
