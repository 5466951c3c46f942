#!/usr/bin/env bash
# Configures and builds a preset (default: release) into build/<preset>.
# Uses ccache when it is installed (tools/setup.sh installs it): a second
# checkout of the same sources, or a rebuild after switching branches,
# compiles only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
if command -v ccache >/dev/null && [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  # Paths relative to the checkout, so another clone's objects are hits.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR=1
fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
