#!/usr/bin/env python3
"""The Python module's overhead per query: the same queries through Python (naba.Searcher)
and through C++ (`naba search --batch --latency-json`), on one index, in one run.

Usage: bench/python_overhead.py [--corpus FILE|DIR] [--articles N] [--queries 1000]
       [--naba build/cli/naba] [--pythonpath build/python] [--work /tmp/naba-python-overhead]
       [--rounds 3]

The corpus (default: the bundled sample corpus/sample.jsonl; with --articles, the first N
articles of a JSON Lines file such as ../shared/corpus/news.jsonl.gz) is indexed once with the
naba command. The queries are bench/benchlib.py's latency set (headlines and 1-2 word spans of
them, seed 16), the first --queries of them. Both sides do what `naba search --batch` does: a
warm pass over every query (one that does not parse is then searched as its plain words), then
a timed pass, one query at a time on one thread, default options (top 10, one passage each,
highlighted). Python times each call of Searcher.search(), and separately search() followed by
to_dict() (every string and span converted to Python objects). As the two sides run in two
processes, their difference carries the machine's noise; so the Python side also measures, per
call, the binding's own time: the call less the time spent in C++ Searcher::search
(naba._naba._search_timed), whose p50 is the paired overhead. Rounds alternate C++ / Python,
each Python round in a fresh interpreter (with jemalloc preloaded when the naba command links
it, so both sides use the same allocator); the figures are the median over rounds of each
round's p50. Prints the load average at the start, and a JSON summary.
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def plain_words(query):
    """As `naba search --batch` rewrites a query that does not parse (cli/cmd_search.cc)."""
    for c in '"()\t':
        query = query.replace(c, " ")
    words = [w.lstrip("-") for w in query.split(" ")]
    return " ".join(w for w in words if w and w not in ("AND", "OR", "NOT")) + " "


def percentile(values, q):
    """As the naba command computes it (nearest rank)."""
    v = sorted(values)
    return v[min(len(v) - 1, int(q * (len(v) - 1) + 0.5))] if v else 0.0


def python_worker(db, queries_file):
    """One Python round (run in a fresh interpreter): prints {"search": p50 ms, "to_dict": ...}."""
    import naba
    queries = [line.split("\t", 1)[1] for line in
               open(queries_file, encoding="utf-8").read().splitlines() if "\t" in line]
    searcher = naba.Searcher(db)
    for i, q in enumerate(queries):  # the warm pass
        try:
            searcher.search(q)
        except naba.BadQueryError:
            queries[i] = plain_words(q)
    search_ms, dict_ms, paired_ms = [], [], []
    clock = time.perf_counter
    for q in queries:  # the binding's own time, per call: the call less its C++ search
        try:
            t0 = clock()
            _, inside = naba._naba._search_timed(searcher, q)
            paired_ms.append((clock() - t0 - inside) * 1000)
        except naba.Error:
            pass
    for q in queries:
        t0 = clock()
        try:
            r = searcher.search(q)
        except naba.Error:  # as the command: "could not be run", not timed
            continue
        t1 = clock()
        r.to_dict()
        t2 = clock()
        search_ms.append((t1 - t0) * 1000)
        dict_ms.append((t2 - t0) * 1000)
    print(json.dumps({"queries": len(search_ms), "search_p50_ms": percentile(search_ms, 0.5),
                      "to_dict_p50_ms": percentile(dict_ms, 0.5),
                      "search_p95_ms": percentile(search_ms, 0.95),
                      "paired_overhead_p50_ms": percentile(paired_ms, 0.5)}))


def jemalloc_of(naba):
    out = subprocess.run(["ldd", naba], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "libjemalloc" in line and "=>" in line:
            return line.split("=>")[1].split("(")[0].strip()
    return None


def subset(corpus, n, path):
    opener = gzip.open if corpus.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i == n:
                break
            out.write(line)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(root, "corpus", "sample.jsonl"))
    ap.add_argument("--articles", type=int, default=0, help="the first N articles only")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--naba", default=os.path.join(root, "build", "cli", "naba"))
    ap.add_argument("--pythonpath", default=os.path.join(root, "build", "python"),
                    help="where `import naba` finds the module (empty: the installed one)")
    ap.add_argument("--work", default="/tmp/naba-python-overhead")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--worker", nargs=2, metavar=("DB", "QUERIES"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return python_worker(*args.worker)

    load = os.getloadavg()
    benchlib.log(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    os.makedirs(args.work, exist_ok=True)
    corpus = args.corpus
    if args.articles:
        corpus = os.path.join(args.work, f"corpus-{args.articles}.jsonl")
        subset(args.corpus, args.articles, corpus)
    db = os.path.join(args.work, "index")
    benchlib.remove_path(db)
    benchlib.run([args.naba, "index", "--db", db, corpus], quiet=True, ok=(0, 1))
    # The latency set: headlines first, then short spans; the first --queries of them.
    headlines, short = benchlib.latency_queries(corpus, args.queries)
    queries = (headlines + short)[:args.queries]
    queries_file = os.path.join(args.work, "queries.tsv")
    benchlib.write_tsv(queries_file, queries)
    benchlib.log(f"{len(queries)} queries ({min(len(headlines), len(queries))} headlines) "
                 f"over {corpus}")

    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    jemalloc = jemalloc_of(args.naba)
    if jemalloc:
        env["LD_PRELOAD"] = jemalloc
    cxx, py, py_dict, paired, timed = [], [], [], [], {}
    latency_json = os.path.join(args.work, "latency.json")
    for r in range(args.rounds):
        benchlib.run([args.naba, "search", "--db", db, "--batch", queries_file,
                      "--latency-json", latency_json], stdout=os.devnull, quiet=True)
        with open(latency_json, encoding="utf-8") as f:
            figures = json.load(f)
        cxx.append(figures["p50_ms"])
        timed["cxx"] = figures["queries"]
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", db,
                              queries_file], env=env, capture_output=True, text=True, check=True)
        figures = json.loads(out.stdout)
        timed["python"] = figures["queries"]
        py.append(figures["search_p50_ms"])
        py_dict.append(figures["to_dict_p50_ms"])
        paired.append(figures["paired_overhead_p50_ms"])
        benchlib.log(f"round {r + 1}: C++ p50 {cxx[-1]:.3f} ms, Python search() p50 "
                     f"{py[-1]:.3f} ms, search() + to_dict() p50 {py_dict[-1]:.3f} ms; the binding's "
                     f"own time per call p50 {paired[-1] * 1000:.1f} µs")
    c, p, d = statistics.median(cxx), statistics.median(py), statistics.median(py_dict)
    summary = {
        "corpus": corpus, "queries": len(queries), "timed_queries": timed, "rounds": args.rounds,
        "load_average_at_start": [round(x, 2) for x in load], "jemalloc_in_python": bool(jemalloc),
        "cxx_p50_ms": round(c, 3), "python_search_p50_ms": round(p, 3),
        "python_search_to_dict_p50_ms": round(d, 3),
        "overhead_p50_ms": round(p - c, 3), "overhead_p50_percent": round(100 * (p - c) / c, 1),
        "overhead_with_to_dict_p50_ms": round(d - c, 3),
        "paired_overhead_p50_us": round(1000 * statistics.median(paired), 1),
    }
    print(json.dumps(summary, indent=1))


main()
