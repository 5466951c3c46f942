#!/usr/bin/env bash
# Installs every Debian 12 package pqa needs to build, test and run.
# Idempotent: packages already present are left alone. Run as root or with sudo.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format ccache
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
# service metrics (/metrics, Prometheus pull exposer); the Python client package
# (clients/python: stubs from proto/ at build time, installed offline with pip)
packages+=(prometheus-cpp-dev python3-grpc-tools python3-pip python3-venv python3-setuptools)
packages+=(curl)  # the README's service quick start reads /metrics with it
packages+=(libssl-dev poppler-utils)  # report: SHA-256 of the inputs; pdfinfo/pdftotext check its PDF
# IEC 61850-9-2 sampled values (host/sv): the independent decoder of the
# published frames, and veth pairs in network namespaces for the tests.
packages+=(tshark iproute2)
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
# tshark's wireshark-common asks whether non-root users may capture: no.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
  "${sudo_cmd[@]}" debconf-set-selections
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
