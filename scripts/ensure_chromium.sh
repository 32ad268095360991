#!/usr/bin/env bash
# The browser tests (tests/browser/) drive Debian's Chromium; the CJK fonts let it draw the
# Chinese pages. Installs both from Debian's packages when either is missing (needs root, as on
# the CI machines); never downloads a browser of Playwright's own.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
echo "==> Installing Debian's chromium and fonts-noto-cjk for the browser tests"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
($SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null
