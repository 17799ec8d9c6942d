#!/usr/bin/env bash
# Find or install the Chromium that the browser tests (tests/test_browser.py) drive, check that it starts
# headless, and record its path in .venv/browser-path, where the tests read it. `make test` runs this.
# In order: $CHROMIUM if set; a browser already here (Playwright's own, then Chromium or Chrome on the system);
# Playwright's browser download (where the network allows it); the system package manager (as root).
# Only if all of these fail: one line saying what to run, and a non-zero exit.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
record=.venv/browser-path

starts() {  # does this executable render a page headless? (the tests' own flags)
  [ -n "${1:-}" ] && [ -x "$1" ] || return 1
  local profile ok
  profile=$(mktemp -d)
  timeout 60 "$1" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$profile" --dump-dom 'data:text/html,<p>ok</p>' 2>/dev/null \
    | grep -q '<p>ok</p>'
  ok=$?
  rm -rf "$profile"
  return $ok
}

playwright_browser() {  # where Playwright keeps the Chromium of its own version (whether installed or not)
  "$PY" -c 'from playwright.sync_api import sync_playwright
with sync_playwright() as p: print(p.chromium.executable_path)' 2>/dev/null
}

system_browsers() {
  local name
  for name in chromium chromium-browser google-chrome google-chrome-stable chrome; do
    command -v "$name" 2>/dev/null
  done
  printf '%s\n' /usr/bin/chromium /snap/bin/chromium \
    "/Applications/Chromium.app/Contents/MacOS/Chromium" \
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
}

use() {
  printf '%s\n' "$1" > "$record"
  echo "browser for the tests: $1 ($("$1" --version 2>/dev/null | head -n 1))"
  exit 0
}

find_existing() {
  local candidate
  while IFS= read -r candidate; do
    starts "$candidate" && use "$candidate"
  done < <({ [ -n "${CHROMIUM:-}" ] && echo "$CHROMIUM"; playwright_browser; system_browsers; } | awk '!seen[$0]++')
  return 1
}

[ -x "$PY" ] || { echo "no $PY: run make setup first" >&2; exit 1; }
if [ -z "${CHROMIUM:-}" ] && [ -f "$record" ] && starts "$(cat "$record")"; then  # checked before: quick
  exit 0
fi
find_existing

echo "no Chromium or Chrome found; trying Playwright's browser download"
if timeout 900 "$PY" -m playwright install chromium >/dev/null 2>&1; then
  find_existing
fi

if [ "$(id -u)" = 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Playwright's download failed; installing chromium with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1
    apt-get install -y -qq chromium >/dev/null 2>&1 || apt-get install -y -qq chromium-browser >/dev/null 2>&1
  elif command -v dnf >/dev/null 2>&1; then
    echo "Playwright's download failed; installing chromium with dnf"
    dnf install -y -q chromium >/dev/null 2>&1
  fi
  find_existing
fi

echo "No browser for the tests: run 'sudo apt-get install chromium' (or '$PY -m playwright install --with-deps chromium' where it can download), or set CHROMIUM=/path/to/chrome; then run make test again." >&2
exit 1
