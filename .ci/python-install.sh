#!/usr/bin/env bash
# CI: the README's Python install command, run from a fresh clone: a venv, then
# pip install --no-build-isolation . (Debian's setuptools and pybind11 drive
# CMake; nothing is downloaded). Then, outside the clone and with its build
# folder gone, `import naba` indexes and searches the sample, and the pytest
# suite runs against the installed package.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "python-install.sh: FAIL: $*" >&2; exit 1; }

git clone --quiet --no-local . "$work/naba"
command=$(grep -m1 '^/usr/bin/python3 -m venv' README.md) || fail "no install command in README.md"
echo "python-install.sh: $command" >&2
(cd "$work/naba" && eval "$command")

rm -rf "$work/naba/build-pip"  # what pip installed must stand alone
python="$work/naba/.venv/bin/python"
module=$("$python" -c 'import naba._naba as m; print(m.__file__)')
case "$module" in "$work/naba/.venv/"*) ;; *) fail "naba imported from $module" ;; esac
ldd "$module" >"$work/ldd.txt"
if grep -q libnaba "$work/ldd.txt"; then fail "the module needs a libnaba: $(cat "$work/ldd.txt")"; fi

cd "$work"
"$python" - "$work/naba/corpus" <<'PY'
import sys
import naba
with naba.Index("index") as index:
    assert index.add_files(sys.argv[1]) == []
results = naba.Searcher("index").search("الرقة", passages=2)
assert results.total > 10, results
passage = results[0].passages[0]
assert all(passage.text[a:b].endswith("الرقة") for a, b in passage.highlights), passage.to_dict()
print(f"python-install.sh: naba {naba.__version__}: {results.total} articles match الرقة")
PY
NABA_SOURCE_DIR="$work/naba" "$python" -m pytest -q -p no:cacheprovider "$work/naba/python/tests"
