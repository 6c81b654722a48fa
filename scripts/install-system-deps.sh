#!/bin/sh
# Install the system packages kg's browser tests need: Debian's chromium.
#
# Idempotent: does nothing when /usr/bin/chromium is already there. Run as
# root (or with sudo available) on Debian; used by .ci/run.
#
#   sh scripts/install-system-deps.sh
set -eu

if [ -x /usr/bin/chromium ]; then
    echo "install-system-deps: /usr/bin/chromium present, nothing to do"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-system-deps: chromium is missing and this is not root;" >&2
    echo "  run as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
