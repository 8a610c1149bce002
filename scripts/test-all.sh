#!/usr/bin/env bash
# The whole test suite, as `npm test`: prerequisites (dependencies, Chromium, PostgreSQL, two local
# clusters), then typecheck, lint, format, the production build, the container image (buildah),
# unit + integration tests (vitest)
# and the end-to-end tests (Playwright in Debian's Chromium). Every step runs even when an earlier
# one failed (the e2e tests need the build); the summary at the end says which failed.
export NEXT_TELEMETRY_DISABLED=1
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json
results=()
failed=0

step() {
  local name=$1
  shift
  local started=$SECONDS
  printf '\n\033[1m=== %s\033[0m\n' "$name"
  if "$@"; then
    results+=("PASS  $name ($((SECONDS - started)) s)")
    return 0
  fi
  results+=("FAIL  $name ($((SECONDS - started)) s)")
  failed=$((failed + 1))
  return 1
}

prerequisites() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund || return 1
  fi
  bash scripts/ensure-chromium.sh && bash scripts/local-postgres.sh up && bash scripts/local-cluster.sh up &&
    # A second cluster (its own etcd and API server) for the tests of many clusters.
    SR_CLUSTER_NAME=second SR_APISERVER_PORT=32790 bash scripts/local-cluster.sh up
}

if step "prerequisites: dependencies, Chromium, PostgreSQL, two local clusters" prerequisites; then
  step "typecheck (tsc)" npx tsc --noEmit
  step "lint (eslint)" npx eslint --max-warnings 0 .
  step "format (prettier --check)" npx prettier --check --log-level warn .
  # The integration tests run the production build as the real app, so it is built first.
  if step "production build (next build)" npx next build && step "standalone build (what the image runs)" bash scripts/build-standalone.sh; then
    # test/deploy/image.int.test.ts runs this image; built here, not beside other test files.
    step "container image (buildah, the Dockerfile)" bash -c 'bash scripts/ensure-image-tools.sh && bash scripts/image-build.sh'
    step "unit + integration tests (vitest)" npx vitest run --reporter=default --reporter=json \
      --outputFile.json=test-results/vitest.json
    step "end-to-end tests (playwright, chromium)" npx playwright test
  else
    results+=("SKIP  vitest and playwright (no build)")
    failed=$((failed + 1))
  fi
fi

printf '\n\033[1m=== summary\033[0m\n'
printf '%s\n' "${results[@]}"
node scripts/test-summary.mjs test-results/vitest.json test-results/playwright.json "$failed"
