#!/usr/bin/env bash
# CI: libnaba as an installed package. Installs the build in $1 (default
# build/) into a temporary prefix, checks that the installed headers pull in no
# Xapian, ICU or simdjson header, then builds examples/embed against the
# installed package only (CMake, and pkg-config), runs it and checks its
# output. With --static it also builds a static libnaba and does the same.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
static=0
[ "${2:-}" = "--static" ] && static=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "embed.sh: FAIL: $*" >&2; exit 1; }

check_output() {  # $1: the example's output
  grep -q '^2 articles match "Raqqa"$' <<<"$1" || fail "expected 2 matches: $1"
  grep -q '^1\. raqqa-1 | ' <<<"$1" || fail "raqqa-1 should rank first: $1"
  grep -q '^2\. daraa-1 | ' <<<"$1" || fail "daraa-1 should rank second: $1"
  grep -q 'مدينة \[الرقة\]' <<<"$1" || fail "the match should be highlighted: $1"
  grep -q '\[الرقّة\]' <<<"$1" || fail "the spelling with shadda should be highlighted: $1"
  ! grep -q astana <<<"$1" || fail "astana-1 should not match: $1"
}

check_prefix() {  # $1: install prefix, $2: label
  local prefix=$1 label=$2
  # The public headers stand alone: only the prefix on the include path, and
  # nothing from Xapian, ICU or simdjson among the headers they include.
  echo '#include <naba/naba.h>' >"$work/umbrella.cc"
  g++ -std=c++20 -fsyntax-only -H -I"$prefix/include" "$work/umbrella.cc" 2>"$work/headers.txt" ||
    fail "$label: <naba/naba.h> does not compile alone"
  if grep -E 'xapian|unicode/|simdjson|fmt/|CLI/' "$work/headers.txt"; then
    fail "$label: an installed header includes a dependency's header"
  fi

  # CMake: find_package(naba 0.1) from the prefix, never the build tree.
  cmake -S examples/embed -B "$work/build-$label" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
  grep -q "^naba_DIR:PATH=$prefix/" "$work/build-$label/CMakeCache.txt" ||
    fail "$label: naba was not found in $prefix"
  cmake --build "$work/build-$label" >/dev/null
  out=$("$work/build-$label/embed_example" "$work/index-$label")
  check_output "$out"
  echo "$out"

  # pkg-config.
  flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs \
    $([ "$label" = static ] && echo --static) naba)
  g++ -std=c++20 examples/embed/main.cc -o "$work/embed-pc-$label" $flags -Wl,-rpath,"$prefix/lib"
  out=$("$work/embed-pc-$label" "$work/index-pc-$label")
  check_output "$out"

  # The installed command reads what the library wrote.
  stats=$("$prefix/bin/naba" stats --db "$work/index-$label" --json)
  grep -q '"articles":3' <<<"$stats" ||
    fail "$label: naba stats does not see the 3 articles"
  echo "embed.sh: $label libnaba OK (CMake package, pkg-config, naba command)" >&2
}

cmake --install "$build" --prefix "$work/shared" >/dev/null
[ -L "$work/shared/lib/libnaba.so.0" ] || fail "no versioned libnaba.so.0"
# Captured first: under pipefail, `objdump | grep -q` fails whenever grep exits
# before objdump has written everything (SIGPIPE).
dynamic=$(objdump -p "$work/shared/lib/libnaba.so")
grep -q 'SONAME *libnaba.so.0$' <<<"$dynamic" || fail "SONAME is not libnaba.so.0"
check_prefix "$work/shared" shared

if [ $static = 1 ]; then
  cmake -S . -B "$work/build-lib-static" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DNABA_BUILD_TESTS=OFF -DNABA_BUILD_BENCH=OFF ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} >/dev/null
  cmake --build "$work/build-lib-static" >/dev/null
  cmake --install "$work/build-lib-static" --prefix "$work/static" >/dev/null
  [ -f "$work/static/lib/libnaba.a" ] || fail "no libnaba.a"
  check_prefix "$work/static" static
fi
