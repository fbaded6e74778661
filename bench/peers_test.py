#!/usr/bin/env python3
"""Checks of the peer baselines and bench/peers.py on the bundled sample corpus.

Usage: peers_test.py ROOT NABA BASELINE...
Each baseline (naba_bench_xapian, _lucene, _fts5) must index the sample, find an article by its
own headline, survive query-syntax characters, and print a clean TREC run and latency JSON;
peers.py must then run naba and the baselines together and write its table, page and chart
(quality columns n/a: no evaluation sets)."""
import json
import os
import subprocess
import sys
import tempfile

root, naba, baselines = sys.argv[1], sys.argv[2], sys.argv[3:]
sample = os.path.join(root, "corpus", "sample.jsonl")
failures = checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print(f"FAIL: {what}", file=sys.stderr)


articles = [json.loads(line) for line in open(sample, encoding="utf-8")]
targets = [a for a in articles if len(a.get("title", "").split()) >= 5][:5]

with tempfile.TemporaryDirectory() as tmp:
    batch = os.path.join(tmp, "q.tsv")
    with open(batch, "w", encoding="utf-8") as f:
        for i, a in enumerate(targets):
            f.write(f"t{i}\t{a['title']}\n")
        # FTS5 and Lucene syntax characters must be taken literally, not fail the query.
        f.write('s1\tالرقة "AND (OR* title:x ^2 NEAR(a b) -\n')
        f.write("s2\t،\n")
    for exe in baselines:
        name = os.path.basename(exe)
        db = os.path.join(tmp, name + ".db")
        r = subprocess.run([exe, "index", db, sample], capture_output=True, text=True)
        check(r.returncode == 0, f"{name} index exit 0: {r.stderr[-500:]}")
        stats = json.loads(r.stdout or "{}")
        check(stats.get("articles") == len(articles), f"{name} indexed {stats}")
        lat = os.path.join(tmp, name + ".json")
        r = subprocess.run([exe, "search", db, "--batch", batch, "-n", "10", "--corpus", sample,
                            "--latency-json", lat], capture_output=True, text=True)
        check(r.returncode == 0, f"{name} search exit 0: {r.stderr[-500:]}")
        run = {}
        for line in r.stdout.splitlines():
            parts = line.split()
            check(len(parts) == 6 and parts[1] == "Q0", f"{name} TREC line {line!r}")
            run.setdefault(parts[0], []).append(parts[2])
        for i, a in enumerate(targets):
            check(a["id"] in run.get(f"t{i}", [])[:3], f"{name} finds {a['id']} by its headline")
        check("s1" in run, f"{name} answers a query full of syntax characters")
        figures = json.load(open(lat, encoding="utf-8"))
        check(figures["queries"] == len(targets) + 2 and figures["failed"] == 0,
              f"{name} latency {figures}")
        check(0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"],
              f"{name} percentiles {figures}")
        r = subprocess.run([exe, "search", db], capture_output=True, text=True)
        check(r.returncode == 2 and "usage" in r.stderr, f"{name} usage on a bad command line")

    build = os.path.join(tmp, "build")
    os.makedirs(os.path.join(build, "cli"))
    os.makedirs(os.path.join(build, "bench"))
    os.symlink(naba, os.path.join(build, "cli", "naba"))
    for exe in baselines:
        os.symlink(exe, os.path.join(build, "bench", os.path.basename(exe)))
    doc, chart = os.path.join(tmp, "b.md"), os.path.join(tmp, "b.png")
    r = subprocess.run([sys.executable, os.path.join(root, "bench", "peers.py"), "--corpus",
                        sample, "--work", os.path.join(tmp, "work"), "--build", build,
                        "--eval", os.path.join(tmp, "no-eval"), "--doc", doc, "--chart", chart],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"peers.py exit 0: {r.stderr[-1500:]}")
    rows = [line for line in r.stdout.splitlines() if line.startswith("| ")]
    check(len(rows) == 1 + 1 + len(baselines), f"peers.py table rows: {r.stdout}")
    check(all(row.count("n/a") == 11 for row in rows[1:]), f"quality n/a: {rows}")
    check("quality columns are n/a" in r.stdout, "peers.py says why quality is n/a")
    page = open(doc, encoding="utf-8").read() if os.path.exists(doc) else ""
    check("naba/peer" in page and "cores" in page and "python3 bench/peers.py" in page,
          f"benchmarks page: {page[:800]}")
    if subprocess.run(["sh", "-c", "command -v gnuplot"], capture_output=True).returncode == 0:
        check(os.path.exists(chart) and os.path.getsize(chart) > 10000, "chart drawn")

print(f"{checks - failures}/{checks} checks passed")
sys.exit(1 if failures else 0)
