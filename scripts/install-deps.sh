#!/usr/bin/env bash
# Installs every build and test dependency of naba from Debian 12 packages.
# Idempotent: packages already present are left alone. Run as root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git python3 gzip
  libxapian-dev xapian-tools libicu-dev libcli11-dev libfmt-dev doctest-dev
  libsimdjson-dev libsqlite3-dev zlib1g-dev libdeflate-dev libjemalloc-dev libabsl-dev
  clang libclang-rt-14-dev util-linux
  # the Python module (python/): built with pybind11, installed with pip into a venv, tested with pytest
  python3-dev pybind11-dev python3-pybind11 python3-venv python3-setuptools python3-wheel python3-pytest
  # naba serve: HTTP and JSON; its browser test (tests/web_test.py) drives headless Chromium
  libcpp-httplib-dev nlohmann-json3-dev chromium chromium-driver python3-selenium
  # alert channels (docs/alerts.md): webhooks through libcurl, signed with OpenSSL's HMAC
  libcurl4-openssl-dev libssl-dev
  # bench/peers.py only (optional in CMake): Lucene++ peer, charts, peak RSS
  liblucene++-dev libboost-dev gnuplot-nox time
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
