#!/bin/sh
# Install the system packages kg's tests need, from Debian's packages:
#   chromium             the browser the viewer tests drive (tests/test_viz_browser.py)
#   virtuoso-opensource  a second triplestore `kg push` is tested against (tests/test_push.py)
#
# Idempotent: installs only what is missing. Run as root (or with sudo) on
# Debian; used by .ci/run and the README's test command.
#
#   sh scripts/install-system-deps.sh
set -eu

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium fonts-dejavu-core"
command -v virtuoso-t >/dev/null 2>&1 || missing="$missing virtuoso-opensource"

if [ -z "$missing" ]; then
    echo "install-system-deps: chromium and virtuoso present, nothing to do"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-system-deps: missing:$missing, and this is not root;" >&2
    echo "  run as root: apt-get update && apt-get install -y$missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $missing
/usr/bin/chromium --version
