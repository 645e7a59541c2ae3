#!/usr/bin/env bash
# Installs the Debian 12 packages Apogee builds and tests with. Does nothing
# when every package is already present, so `make` stays fast on a warm machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  clang libclang-rt-14-dev     # libFuzzer and the sanitizer runtime
  libasio-dev                  # standalone Asio: networking
  libspdlog-dev libfmt-dev     # logging and formatting
  rapidjson-dev                # JSON headers and bodies
  zlib1g-dev                   # message body compression
  libcli11-dev                 # the apogee tool's command line
  libgtest-dev libgmock-dev    # tests
  libbenchmark-dev             # benchmarks
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -ne 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# node, npm and the ali-ons packages of the interop tests.
"$(dirname "$0")/install-interop-deps.sh"
