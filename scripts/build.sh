#!/usr/bin/env bash
# Installs what is missing, then configures and builds gensr into ${GENSR_BUILD:-build}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build=${GENSR_BUILD:-build}
# Let ccache reuse objects compiled in another checkout of the same sources (CI clones).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build "$build" -j"$(nproc)" "$@"
