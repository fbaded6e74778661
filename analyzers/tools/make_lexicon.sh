#!/usr/bin/env bash
# Rebuilds analyzers/data/lexicon.tsv: normalised Arabic word frequencies over
# the ANT articles (ids JA- AL- BB- CN- FR- SK-) of the shared corpus. The
# stemmer consults it to decide ambiguous clitics (ب in بيروت vs بدمشق).
# Usage: analyzers/tools/make_lexicon.sh [CORPUS.jsonl.gz] [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-$root/../shared/corpus/news.jsonl.gz}
build=${2:-$root/build}
out=$root/analyzers/data/lexicon.tsv
{
  echo "# Normalised word<TAB>frequency over the 41,686 ANT corpus articles (Apache-2.0 plus"
  echo "# the ANT citation licence; Chouigui, Ben Khiroun, Elayeb, AJSE 2021), words seen 5+ times,"
  echo "# Arabic letters only. Made by analyzers/tools/make_lexicon.sh; do not edit by hand."
  zcat "$corpus" | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    if a["id"].split("-")[0] in ("JA", "AL", "BB", "CN", "FR", "SK"):
        print((a.get("title") or "").replace("\n", " "))
        print((a.get("body") or "").replace("\n", " "))
' | "$build/analyzers/naba_count_words" --min 5 | LC_ALL=C.UTF-8 grep -P '^[\x{0621}-\x{064A}]+\t' || true
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $(grep -vc '^#' "$out") words to $out" >&2
