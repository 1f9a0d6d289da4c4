#!/usr/bin/env bash
# Installs what AlphaPulse needs to build, test and run on Debian 12, and nothing twice:
# packages already present are left alone, and apt is not touched at all when none is missing.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config python3 clang-format clang-tidy
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev
  libboost-dev libboost-system-dev libssl-dev libsimdjson-dev
  libsqlite3-dev libtomlplusplus-dev
  postgresql libpq-dev
  redis-server libhiredis-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
