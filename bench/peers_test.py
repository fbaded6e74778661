#!/usr/bin/env python3
"""Checks of the peer baselines and bench/peers.py on the bundled sample corpus.

Usage: peers_test.py ROOT NABA BASELINE...
Each baseline (naba_bench_xapian, _lucene, _fts5) must index the sample, find an article by its
own headline, survive query-syntax characters, and print a clean TREC run and latency JSON, with
snippets and with --ids-only (the same hits); the latency set (bench/benchlib.py) must be drawn
from the corpus's headlines, reproducibly; peers.py must then run naba and the baselines together
and write its tables, page and chart (quality columns n/a: no evaluation sets)."""
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
        lat_ids = os.path.join(tmp, name + "-ids.json")
        r = subprocess.run([exe, "search", db, "--batch", batch, "-n", "10", "--ids-only",
                            "--latency-json", lat_ids], capture_output=True, text=True)
        check(r.returncode == 0, f"{name} --ids-only exit 0: {r.stderr[-500:]}")
        ids_run = {}
        for line in r.stdout.splitlines():
            ids_run.setdefault(line.split()[0], []).append(line.split()[2])
        check(ids_run == run, f"{name} --ids-only gives the same hits as with snippets")
        figures = json.load(open(lat_ids, encoding="utf-8"))
        check(figures["snippets"] is False and figures["queries"] == len(targets) + 2,
              f"{name} --ids-only latency {figures}")
        r = subprocess.run([exe, "search", db], capture_output=True, text=True)
        check(r.returncode == 2 and "usage" in r.stderr, f"{name} usage on a bad command line")

    # The latency set: headlines of the corpus and 1-2 word spans of them, seeded.
    sys.path.insert(0, os.path.join(root, "bench"))
    import benchlib
    titles = {" ".join(a["title"].split()) for a in articles}
    heads, short = benchlib.latency_queries(sample, 50, seed=3)
    check(len(heads) == 50 and len(short) == 50, f"latency set sizes {len(heads)} {len(short)}")
    check(all(q in titles for _, q in heads) and len({q for _, q in heads}) == 50,
          f"latency headlines are distinct headlines: {heads[:3]}")
    check(all(1 <= len(q.split()) <= 2 and any(c.isalpha() for c in q) for _, q in short),
          f"short queries are 1-2 words with a letter: {short[:5]}")
    check(all(any(w in t.split() or any(w in x for x in t.split()) for t in titles)
              for _, q in short for w in q.split()), "short query words come from headlines")
    check(len({q for _, q in short}) == 50, "short queries are distinct")
    check(benchlib.latency_queries(sample, 50, seed=3) == (heads, short),
          "the latency set is reproducible")
    check(benchlib.latency_queries(sample, 50, seed=4) != (heads, short),
          "another seed draws another set")
    # The quiet-machine guard: busy when the load stays at or over the limit.
    quiet = benchlib.wait_for_quiet(0, limit=1e9)
    check(not quiet["busy"] and quiet["waited_s"] == 0 and not benchlib.busy_warning(quiet),
          f"quiet machine {quiet}")
    busy = benchlib.wait_for_quiet(0.5, limit=0, poll=0.1)
    check(busy["busy"] and busy["waited_s"] >= 0.5 and "WARNING" in benchlib.busy_warning(busy)[0]
          and "waited" in benchlib.load_line(busy), f"busy machine {busy}")
    check(benchlib.strip_punctuation('«حيّ»،') == "حيّ", "edge punctuation stripped, marks kept")

    build = os.path.join(tmp, "build")
    os.makedirs(os.path.join(build, "cli"))
    os.makedirs(os.path.join(build, "bench"))
    os.symlink(naba, os.path.join(build, "cli", "naba"))
    for exe in baselines:
        os.symlink(exe, os.path.join(build, "bench", os.path.basename(exe)))
    doc, chart = os.path.join(tmp, "b.md"), os.path.join(tmp, "b.png")
    r = subprocess.run([sys.executable, os.path.join(root, "bench", "peers.py"), "--corpus",
                        sample, "--work", os.path.join(tmp, "work"), "--build", build,
                        "--eval", os.path.join(tmp, "no-eval"), "--doc", doc, "--chart", chart,
                        "--queries", "40", "--wait-quiet", "0"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"peers.py exit 0: {r.stderr[-1500:]}")
    tables = [[line for line in block.splitlines() if line.startswith("| ")]
              for block in r.stdout.split("\n\n")]
    tables = [t for t in tables if t]
    check(len(tables) == 2, f"peers.py prints two tables: {r.stdout}")
    rows, lrows = (tables + [[], []])[:2]
    check(len(rows) == 1 + 1 + len(baselines), f"peers.py table rows: {r.stdout}")
    check(all(row.count("n/a") == 11 for row in rows[1:]), f"quality n/a: {rows}")
    modes = {"naba_bench_xapian": 2, "naba_bench_lucene": 2, "naba_bench_fts5": 1}
    expect = 1 + 1 + sum(modes[os.path.basename(b)] for b in baselines)
    check(len(lrows) == expect and all("n/a" not in row for row in lrows[1:]),
          f"latency rows, one per engine and mode: {lrows}")
    check(sum("top 10 ids" in row for row in lrows) == sum(
        os.path.basename(b) in ("naba_bench_xapian", "naba_bench_lucene") for b in baselines),
        f"ids-only rows: {lrows}")
    check("quality columns are n/a" in r.stdout, "peers.py says why quality is n/a")
    work = os.path.join(tmp, "work")
    for key, n in (("headlines", 40), ("short", 40), ("all", 80)):
        path = os.path.join(work, f"queries-{key}.tsv")
        got = len(benchlib.read_tsv(path)) if os.path.exists(path) else 0
        check(got == n, f"{path}: {got} queries, expected {n}")
    page = open(doc, encoding="utf-8").read() if os.path.exists(doc) else ""
    check("naba/peer" in page and "cores" in page and "python3 bench/peers.py" in page,
          f"benchmarks page: {page[:800]}")
    check("Load average when the run started" in page and "short p50 ms" in page
          and "40 headlines and 40 short queries" in page, f"benchmarks page: {page[:1500]}")
    summary = os.path.join(work, "peers.json")
    load = json.load(open(summary, encoding="utf-8"))["load"] if os.path.exists(summary) else {}
    check(("WARNING: the machine was busy" in page) == load.get("busy"),
          f"the page warns exactly when the machine was busy: {load}")
    if any(b.endswith("naba_bench_lucene") for b in baselines):
        check("## naba against Lucene++" in page and "short-query p50 naba/peer" in page,
              "naba/Lucene++ ratios on the page")
    if subprocess.run(["sh", "-c", "command -v gnuplot"], capture_output=True).returncode == 0:
        check(os.path.exists(chart) and os.path.getsize(chart) > 10000, "chart drawn")

print(f"{checks - failures}/{checks} checks passed")
sys.exit(1 if failures else 0)
