#!/usr/bin/env bash
# The README's test command: installs packages, builds, runs every Boost.Test suite via ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir "${GENSR_BUILD:-build}" --output-on-failure --timeout 1500 "$@"
