#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the end-to-end tests (a browser cannot be
# downloaded any other way on our machines). Installs it when running as root; otherwise says
# what to run.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "[chromium] error: Chromium is missing at $CHROMIUM; install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "[chromium] installing Debian's chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
[ -x "$CHROMIUM" ] || { echo "[chromium] error: apt-get ran but $CHROMIUM is still missing" >&2; exit 1; }
