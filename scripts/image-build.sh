#!/usr/bin/env bash
# Builds the Dockerfile here, without a Docker engine: buildah as root, vfs storage, chroot
# isolation, on the stand-in base of scripts/image-base.sh (official images cannot be pulled on
# our machines). The whole multi-stage Dockerfile runs — `npm ci` from the npm registry, then
# `next build` inside the build stage — with buildah's layer cache, so an unchanged
# package-lock.json reuses the dependencies layer and an unchanged tree reuses everything.
# Prints the image's name.
#
#   scripts/image-build.sh [NAME]   default NAME: localhost/session-reconciler:local
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
IMAGE=${1:-localhost/session-reconciler:local}
base=$(bash scripts/image-base.sh)
# Behind a TLS-intercepting proxy (as on our machines) npm in the build stage needs the host's CA
# bundle: when npm here has a `cafile`, it and a global npmrc naming it are mounted for the RUN
# steps only (bind mounts are not part of any layer).
mounts=()
cafile=$(npm config get cafile)
if [ -n "$cafile" ] && [ "$cafile" != null ] && [ "$cafile" != undefined ]; then
  npmrc=$(mktemp)
  trap 'rm -f "$npmrc"' EXIT
  echo "cafile=/usr/local/etc/build-ca.crt" >"$npmrc"
  chmod 0644 "$npmrc"
  mounts=(--volume "$cafile:/usr/local/etc/build-ca.crt:ro" --volume "$npmrc:/usr/local/etc/npmrc:ro")
fi
printf '[image-build] buildah bud on %s -> %s\n' "$base" "$IMAGE" >&2
# --format docker: the OCI image format has no HEALTHCHECK; docker's keeps it.
buildah --storage-driver vfs bud --isolation chroot --format docker --layers --quiet \
  "${mounts[@]}" --build-arg BASE_IMAGE="$base" --tag "$IMAGE" . >&2
echo "$IMAGE"
