#!/usr/bin/env bash
# A stand-in for the official `node:<version>-bookworm-slim` base image, for building the
# Dockerfile on machines that cannot pull images (ours reach only package registries).
#
# Debian bookworm (debootstrap --variant=minbase, from deb.debian.org) plus this machine's Node:
# its `node` binary and npm (the Dockerfile's build stages run `npm ci` and `next build`), laid out
# as the official image does (/usr/local/bin/node, /usr/local/lib/node_modules/npm). The rootfs is
# cached as a tarball under SR_CACHE_DIR keyed by the Node version, and committed as a local
# buildah image; prints that image's name, the Dockerfile's BASE_IMAGE:
#
#   docker-less build:  buildah bud --build-arg BASE_IMAGE="$(bash scripts/image-base.sh)" …
#
# Environment: SR_CACHE_DIR (default ~/.cache/session-reconciler), DEBIAN_MIRROR.
# Needs root, buildah and debootstrap (scripts/ensure-image-tools.sh installs them).
set -euo pipefail
# vfs storage and chroot isolation work as root on any kernel, inside containers too; the
# STORAGE_DRIVER variable is not read by buildah 1.28, hence the flag on every call.
export BUILDAH_ISOLATION=chroot
buildah() { command buildah --storage-driver vfs "$@"; }

log() { printf '[image-base] %s\n' "$*" >&2; }
die() { printf '[image-base] error: %s\n' "$*" >&2; exit 1; }

SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE_DIR=${SR_CACHE_DIR:-$HOME/.cache/session-reconciler}/image
NODE_BIN=$(readlink -f "$(command -v node)") || die "no node on PATH"
NODE_VERSION=$("$NODE_BIN" --version)
NPM_DIR=$(npm root -g)/npm
[ -f "$NPM_DIR/package.json" ] || die "npm is not at $NPM_DIR"
NPM_VERSION=$(node -p "require('$NPM_DIR/package.json').version")
KEY="$SUITE-node${NODE_VERSION#v}-npm$NPM_VERSION"
IMAGE="localhost/session-reconciler-base:$KEY"
TARBALL="$CACHE_DIR/rootfs-$KEY.tar"

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and buildah's vfs storage)"

# debootstrap into a scratch directory, add Node, trim what a slim image leaves out, tar it.
assemble_rootfs() {
  local work="$CACHE_DIR/work-$$"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work"
  log "debootstrap --variant=minbase $SUITE (cold: about 2 minutes)"
  debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  log "adding node $NODE_VERSION and npm $NPM_VERSION from this machine"
  install -D -m 0755 "$NODE_BIN" "$work/rootfs/usr/local/bin/node"
  mkdir -p "$work/rootfs/usr/local/lib/node_modules"
  cp -a "$NPM_DIR" "$work/rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/rootfs/usr/local/bin/npx"
  rm -rf "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/cache/apt/*.bin \
    "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/usr/share/doc/* "$work"/rootfs/usr/share/man/*
  tar -C "$work/rootfs" --numeric-owner -cf "$TARBALL.partial" .
  mv "$TARBALL.partial" "$TARBALL"
  rm -rf "$work"
  trap - EXIT
}

commit_image() {
  log "committing $IMAGE from $TARBALL"
  local container
  container=$(buildah from scratch)
  buildah add --quiet "$container" "$TARBALL" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_VERSION="${NODE_VERSION#v}" --cmd node \
    --label org.opencontainers.image.description="stand-in for node:${NODE_VERSION#v}-$SUITE-slim (scripts/image-base.sh)" \
    "$container"
  buildah commit --quiet --rm "$container" "$IMAGE" >/dev/null
}

if ! buildah inspect --type image "$IMAGE" >/dev/null 2>&1; then
  mkdir -p "$CACHE_DIR"
  [ -f "$TARBALL" ] || assemble_rootfs
  commit_image
fi
echo "$IMAGE"
