#!/usr/bin/env bash
# Prints the path of a Chromium for the browser test (tests/integration/temporal-ui-browser.test.ts),
# installing Debian's package when none is found: $CHROMIUM_PATH, `chromium` on PATH, or apt-get.
# The Chinese font keeps Temporal UI's Chinese summaries legible in screenshots.
set -euo pipefail
say() { echo "[provision] $*" >&2; }
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { say "CHROMIUM_PATH=$CHROMIUM_PATH is not executable"; exit 1; }
  echo "$CHROMIUM_PATH"; exit 0
fi
if ! command -v chromium >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no chromium found and no apt-get to install it: install Chromium and set CHROMIUM_PATH"; exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing Chromium (Debian package, first time only)..."
  $sudo apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei >/dev/null 2>&1 || {
    $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei >/dev/null
  }
fi
command -v chromium
