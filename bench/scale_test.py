#!/usr/bin/env python3
"""Checks of bench/scale.py on the bundled sample corpus (400 articles).

Usage: scale_test.py ROOT NABA [NABA_BENCH_LUCENE]   (exit 77, skipped, without Lucene++)
The recombined corpora must hold K times the articles, with unique ids, every paragraph taken
from the source corpus, titles from it and dates in the range, the same bytes for the same seed
and the 2x corpus the first half of the 4x one; the quarter and half corpora the first articles;
then scale.py must run end to end over every size and write its table, growth ratios, page and
chart, and reuse its indexes with --skip-index."""
import datetime
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

if len(sys.argv) < 4 or not all(os.access(p, os.X_OK) for p in sys.argv[2:4]):
    print("skipped: naba and naba_bench_lucene are both needed", file=sys.stderr)
    sys.exit(77)
root, naba, lucene = sys.argv[1:4]
sys.path.insert(0, os.path.join(root, "bench"))
sys.path.insert(0, os.path.join(root, "tests"))
import scale  # noqa: E402
from naba_testlib import Checks  # noqa: E402

sample = os.path.join(root, "corpus", "sample.jsonl")
check = Checks()


def read(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


source = [json.loads(line) for line in open(sample, encoding="utf-8")]
paragraphs = {p for a in source for p in scale.paragraphs(a.get("body"))}
titles = {a.get("title") or "" for a in source}
bodies = {a.get("body") for a in source}
dates = scale.parse_dates("2011-01-01..2012-12-31")

with tempfile.TemporaryDirectory() as tmp:
    def gen(name, factor, seed):
        path = os.path.join(tmp, name)
        stats = scale.write_recombined(sample, path, factor, seed, dates)
        return path, stats

    p2, s2 = gen("a2.jsonl.gz", 2, 5)
    p2b, _ = gen("b2.jsonl.gz", 2, 5)
    p4, s4 = gen("a4.jsonl.gz", 4, 5)
    p2c, _ = gen("c2.jsonl.gz", 2, 6)
    two, four = read(p2), read(p4)
    check(len(two) == 2 * len(source) and s2["articles"] == len(two), f"2x: {len(two)} {s2}")
    check(len(four) == 4 * len(source) and s4["articles"] == len(four), f"4x: {len(four)} {s4}")
    check(len({a["id"] for a in four}) == len(four), "4x ids are unique")
    check(two[:len(source)] == source, "the 2x corpus starts with the source, unchanged")
    check(four[:len(two)] == two, "the 2x corpus is the first half of the 4x one")
    new = four[len(source):]
    check(all(a["id"].startswith("syn-") for a in new), "recombined articles have fresh ids")
    check(all(p in paragraphs for a in new for p in a["body"].split("\n")),
          "every paragraph of a recombined article comes from the source corpus")
    check(all(a["title"] in titles for a in new), "titles come from the source corpus")
    mixed = sum(a["body"] not in bodies for a in new)
    check(mixed > 0.5 * len(new), f"most recombined bodies are new: {mixed} of {len(new)}")
    when = [datetime.datetime.fromisoformat(a["date"]).replace(tzinfo=None) for a in new]
    check(all(dates[0] <= d <= dates[1] for d in when) and len(set(when)) > 0.9 * len(when),
          "fresh dates spread over the range")
    check(s4["bytes"] > 3 * s2["bytes"] / 2, f"4x holds about twice the text of 2x: {s2} {s4}")
    with open(p2, "rb") as a, open(p2b, "rb") as b:
        check(a.read() == b.read(), "the same seed makes the same bytes")
    check(read(p2c) != two, "another seed makes another corpus")
    quarter = os.path.join(tmp, "q.jsonl.gz")
    sq = scale.write_prefix(sample, quarter, 100)
    check(read(quarter) == source[:100] and sq["articles"] == 100, "quarter: the first 100")

    # End to end: every size, both engines.
    build = os.path.join(tmp, "build")
    os.makedirs(os.path.join(build, "cli"))
    os.makedirs(os.path.join(build, "bench"))
    os.symlink(os.path.abspath(naba), os.path.join(build, "cli", "naba"))
    os.symlink(os.path.abspath(lucene), os.path.join(build, "bench", "naba_bench_lucene"))
    work, doc, chart = os.path.join(tmp, "work"), os.path.join(tmp, "s.md"), os.path.join(
        tmp, "s.png")
    cmd = [sys.executable, os.path.join(root, "bench", "scale.py"), "--corpus", sample,
           "--work", work, "--build", build, "--doc", doc, "--chart", chart, "--queries", "15",
           "--wait-quiet", "0"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    check(r.returncode == 0, f"scale.py exit 0: {r.stderr[-1500:]}")
    page = open(doc, encoding="utf-8").read() if os.path.exists(doc) else ""
    rows = [line for line in page.splitlines() if line.startswith("| ") and "×" in line]
    check(len(rows) == 10, f"one row per size and engine: {rows}")
    for label, n in (("¼×", "100"), ("½×", "200"), ("1×", "400"), ("2×", "800"), ("4×", "1,600")):
        mine = [row for row in rows if row.startswith(f"| {label} |")]
        check(len(mine) == 2 and all(f"| {n} |" in row and "n/a" not in row for row in mine),
              f"{label} rows: {mine}")
    for engine in ("naba", "Lucene++ 3.0.8 ArabicAnalyzer"):
        check(f"- **{engine}**: short-query p50 1×/¼× = " in page and "p50 4×/1× = " in page,
              f"growth ratios of {engine}")
    check("Load average when the run started" in page and "python3 bench/scale.py" in page
          and "15 headlines and 15 short queries" in page, f"page header: {page[:1200]}")
    summary = os.path.join(work, "scale.json")
    data = json.load(open(summary, encoding="utf-8")) if os.path.exists(summary) else {}
    check(all(row.get("p50") and row.get("short_p50") and row.get("index_s")
              for row in data.get("rows", [])) and len(data.get("rows", [])) == 10,
          f"scale.json figures: {data.get('rows')}")
    check(("WARNING: the machine was busy" in page) == (data.get("load") or {}).get("busy"),
          "the page warns exactly when the machine was busy")
    r = subprocess.run([naba, "stats", "--db", os.path.join(work, "s-4", "naba-index")],
                       capture_output=True, text=True)
    check(re.search(r"^articles\D*1,?600\b", r.stdout, re.M),
          f"naba indexed every article of 4x: {r.stdout}")
    made = os.path.join(work, "corpus-2.jsonl.gz")
    check(os.path.exists(made) and len(read(made)) == 800, "scale.py wrote the 2x corpus")
    if shutil.which("gnuplot"):
        check(os.path.exists(chart) and os.path.getsize(chart) > 10000, "chart drawn")

    r = subprocess.run(cmd + ["--sizes", "1", "--skip-index"], capture_output=True, text=True)
    page = open(doc, encoding="utf-8").read() if os.path.exists(doc) else ""
    check(r.returncode == 0 and "reusing" in r.stderr and "reused indexes" in page,
          f"--skip-index reuses the indexes: {r.stderr[-800:]}")

check.finish()
