#!/usr/bin/env bash
# Installs every Debian 12 package pqa needs to build, test and run.
# Idempotent: packages already present are left alone. Run as root or with sudo.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # maths and I/O
  libfftw3-dev libabsl-dev
  # records, service
  libprotobuf-dev protobuf-compiler libgrpc++-dev protobuf-compiler-grpc
  python3-grpcio python3-protobuf
  # storage
  libsqlite3-dev libpq-dev postgresql
  # hardware models
  verilator libsystemc-dev libxrt-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium  # headless browser for the report rendering test (host/prodist)
)
packages+=(openssl)  # test certificates for the service's TLS tests (tests/service, tools/python)
packages+=(clang libclang-rt-14-dev)  # libFuzzer targets (tests/fuzz, tools/fuzz.sh, the fuzz preset)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root (missing: ${missing[*]})" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
