#!/usr/bin/env python3
"""Phrases with and without word positions: what leaving them out costs at query time.

Usage: bench/phrase_latency.py [--naba build/cli/naba] [--work /tmp/naba-phrases]
       [--corpus ../shared/corpus/news.jsonl.gz] [--queries 200] [--reuse]

Indexes the corpus twice, as `naba index` does by default (passage words without positions:
a phrase is checked against the text of each passage holding all its words) and with
`--positions` (Xapian matches phrases from positions), timing both. Then runs the same quoted
runs of 2 and 3 words, taken from the corpus, on both (warm, one thread, top 10 with
highlights: `naba search --batch --latency-json`), and the same words unquoted, and prints
p50/p95/p99 and how many phrases found the same top 10 on both indexes.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import log  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def phrases(corpus, count):
    """Quoted runs of 2 and 3 words from the first paragraph of evenly spread articles."""
    out = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n % 150 or len(out) >= count:
                continue
            words = [w for w in json.loads(line).get("body", "").split("\n")[0].split()
                     if '"' not in w]
            if len(words) >= 12:
                out.append(" ".join(words[3:5]))
                out.append(" ".join(words[8:11]))
    return out[:count]


def build(naba, db, corpus, extra):
    if os.path.exists(os.path.join(db, "iamglass")):
        return None
    start = time.monotonic()
    run = subprocess.run([naba, "index", "--db", db, *extra, corpus],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode not in (0, 1):  # 1: some lines skipped
        sys.exit(f"naba index {db}: {run.stderr[-500:]}")
    return time.monotonic() - start


def size_mb(db):
    return sum(os.path.getsize(os.path.join(db, f)) for f in os.listdir(db)) / 1e6


def search(naba, db, batch, work, name):
    figures = os.path.join(work, f"latency-{name}.json")
    run = subprocess.run([naba, "search", "--db", db, "--batch", batch, "--all-duplicates",
                          "-n", "10", "--latency-json", figures],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"{name}: {run.stderr[-500:]}")
    with open(figures, encoding="utf-8") as f:
        latency = json.load(f)
    by_query = {}
    for line in run.stdout.splitlines():
        qid, _, doc, *_ = line.split()
        by_query.setdefault(qid, []).append(doc)
    return latency, by_query


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--naba", default=os.path.join(HERE, "..", "build", "cli", "naba"))
    ap.add_argument("--work", default="/tmp/naba-phrases")
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "shared", "corpus",
                                                     "news.jsonl.gz"))
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--reuse", action="store_true", help="keep indexes already in --work")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        print(f"skipped: no corpus at {args.corpus}")
        return
    os.makedirs(args.work, exist_ok=True)
    dbs = {"text": os.path.join(args.work, "text"),
           "positions": os.path.join(args.work, "positions")}
    walls = {}
    for name, extra in (("text", []), ("positions", ["--positions"])):
        if not args.reuse:
            subprocess.run(["rm", "-rf", dbs[name]], check=True)
        log(f"indexing {name} ...")
        walls[name] = build(args.naba, dbs[name], args.corpus, extra)

    queries = phrases(args.corpus, args.queries)
    quoted = os.path.join(args.work, "phrases.tsv")
    plain = os.path.join(args.work, "words.tsv")
    with open(quoted, "w", encoding="utf-8") as q, open(plain, "w", encoding="utf-8") as w:
        for i, text in enumerate(queries):
            q.write(f"p{i}\t\"{text}\"\n")
            w.write(f"p{i}\t{text}\n")

    rows, tops = [], {}
    for name in ("text", "positions"):
        lat, tops[name] = search(args.naba, dbs[name], quoted, args.work, f"{name}-phrases")
        words, _ = search(args.naba, dbs[name], plain, args.work, f"{name}-words")
        wall = walls[name]
        rows.append(f"| {name} | {'reused' if wall is None else f'{wall:.1f}'} | "
                    f"{size_mb(dbs[name]):.0f} | {lat['p50_ms']:.2f} / {lat['p95_ms']:.2f} / "
                    f"{lat['p99_ms']:.2f} | {words['p50_ms']:.2f} / {words['p95_ms']:.2f} / "
                    f"{words['p99_ms']:.2f} |")
    same = sum(tops["text"].get(f"p{i}") == tops["positions"].get(f"p{i}")
               for i in range(len(queries)))
    found = sum(bool(tops["positions"].get(f"p{i}")) for i in range(len(queries)))
    print(f"{len(queries)} phrases of 2 and 3 words from {args.corpus} ({found} with results);"
          f" same top 10 on both indexes: {same}\n")
    print("| index | indexing s | size MB | phrases p50 / p95 / p99 ms | "
          "same words unquoted p50 / p95 / p99 ms |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
