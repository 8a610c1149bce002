#!/usr/bin/env bash
# `npm run demo`: everything a newcomer needs, from a fresh clone: dependencies, the local
# Kubernetes cluster (built from Go modules on first run: tens of minutes, then seconds), a
# production build, and the app on http://localhost:${PORT:-3000} with the embedded database.
# Set DATABASE_URL or KUBECONFIG to use a PostgreSQL server or a cluster of your own instead.
export NEXT_TELEMETRY_DISABLED=1
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ -z "${KUBECONFIG:-}" ]; then
  bash scripts/local-cluster.sh up
fi
npx next build
exec npx tsx scripts/demo.ts
