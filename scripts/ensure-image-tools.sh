#!/usr/bin/env bash
# Makes sure the tools that build and run the container image without a Docker engine are
# installed (Debian packages): buildah (builds the Dockerfile), podman with runc (runs the image;
# podman's default runtime, crun, refuses this machine's hybrid cgroups), debootstrap (the
# stand-in base of scripts/image-base.sh). Installs what is missing when running as root;
# otherwise says what to run. Fast when all are there.
set -euo pipefail
packages=(buildah podman runc debootstrap)
commands=(buildah podman runc debootstrap)
missing=()
for i in "${!commands[@]}"; do
  command -v "${commands[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
[ "${#missing[@]}" = 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "[image-tools] error: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "[image-tools] installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq "${missing[@]}" >&2
for c in "${commands[@]}"; do
  command -v "$c" >/dev/null 2>&1 || { echo "[image-tools] error: apt-get ran but $c is still missing" >&2; exit 1; }
done
