#!/usr/bin/env python3
"""Ctrl-C during naba index (docs/reliability.md, issue 17 item 13): SIGINT stops at the next
article, commits every article before it (a partial batch too), prints the summary and exits
130; the index then holds exactly the articles the summary counts. One index, then shards.
Usage: interrupt_test.py NABA SOURCE_DIR [ARTICLES]"""
import os, signal, subprocess, sys, tempfile, time

from naba_testlib import Checks, make_corpus, stats

naba, root = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
check = Checks()


def interrupted_index(tmp, corpus, extra, name):
    db = os.path.join(tmp, name)
    # One commit at the end only: what is committed is what the interrupt committed.
    p = subprocess.Popen([naba, "index", "--db", db, "--batch-size", "1000000", *extra, corpus],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait for the first shard or index to exist (the handler is set by then), then a moment.
    deadline = time.time() + 60
    while time.time() < deadline and not any(
            f == "iamglass" for _, _, files in os.walk(db) for f in files):
        time.sleep(0.05)
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    check(p.returncode == 130, f"{name}: exit 130, got {p.returncode}: {err[-500:]!r}")
    check("naba index: interrupted; the articles before it are committed" in err,
          f"{name}: says it was interrupted: {err[-500:]!r}")
    summary = [l for l in err.splitlines() if l.startswith("indexed ")]
    check(len(summary) == 1, f"{name}: the summary is printed: {err[-500:]!r}")
    counted = int(summary[0].split()[1]) if summary else -1
    s = stats(naba, db)
    held = s["articles"] if s else -1
    check(0 < counted < n, f"{name}: stopped midway ({counted} of {n} articles)")
    check(held == counted, f"{name}: the index holds the {counted} articles counted, not {held}")
    print(f"{name}: interrupted after {counted} of {n} articles, {held} committed", flush=True)


with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "big.jsonl")
    _, source = make_corpus(corpus, root, n)
    print(f"corpus: {n} articles from {source}", flush=True)
    interrupted_index(tmp, corpus, [], "single")
    interrupted_index(tmp, corpus, ["--shards", "2"], "shards")

check.finish()
