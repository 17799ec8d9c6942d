#!/usr/bin/env bash
# Compile requirements.in into requirements.txt: every package pinned, with the SHA-256 hashes of all its files,
# so that scripts/setup-venv.sh installs the same bytes everywhere (`pip install --require-hashes`).
# Pins already in requirements.txt are kept unless requirements.in forces a change; to move one on purpose:
#   bash scripts/compile-requirements.sh --upgrade-package NAME
# The machine's own pip configuration (extra indexes, local wheels, constraints) is ignored, so the result
# depends on the package index alone. Needs pip-tools, which `make setup` installs into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
COMPILER=${COMPILER:-.venv/bin/pip-compile}
env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
  CUSTOM_COMPILE_COMMAND="bash scripts/compile-requirements.sh" \
  "$COMPILER" --quiet --generate-hashes --allow-unsafe --no-strip-extras --no-emit-index-url --no-emit-trusted-host \
  --output-file requirements.txt "$@" requirements.in
