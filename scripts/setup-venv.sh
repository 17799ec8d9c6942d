#!/usr/bin/env bash
# Create .venv, or recreate it when requirements.txt or pyproject.toml changed (keyed on their SHA-256).
# requirements.txt pins every package with its hashes (compiled from requirements.in by
# scripts/compile-requirements.sh), so pip installs exactly those files or stops.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
key=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
stamp=.venv/.requirements.sha256
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
  exit 0
fi
echo "setting up .venv (requirements changed or missing)"
rm -rf .venv
"$PYTHON" -m venv .venv
# First the pinned pip (an older pip mishandles extras in hash-checking mode), then everything else,
# setuptools included (the editable install below builds with it), all hash-checked.
awk '/^pip==/ {p = 1} p {print} p && !/\\$/ {exit}' requirements.txt > .venv/pip-requirement.txt
.venv/bin/python -m pip install --quiet --require-hashes --no-deps -r .venv/pip-requirement.txt
.venv/bin/python -m pip install --quiet --require-hashes -r requirements.txt
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
echo "$key" > "$stamp"
