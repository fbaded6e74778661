#!/usr/bin/env python3
"""Bulk indexing throughput, all in one run (timings on a shared machine are
noisy: read the ratios). Over the same corpus it times:
  xapian   plain Xapian + Snowball (build/bench/naba_bench_xapian index)
  single   naba index (one process: analysis thread + writer thread)
  shards   naba index --shards N (analysis thread + N writer threads), then
  merge    --merge: the shards compacted into one index (xapian-compact's work)
and prints articles/s, MB/s (uncompressed input), index size, peak RSS and the
ratios naba/xapian. Results go to stdout as JSON too (--json FILE).

Usage: bench/shards_bench.py [--corpus ../shared/corpus/news.jsonl.gz] [--shards 2]
                             [--work /tmp/naba-shards-bench] [--only single,shards,...]
Skips (exit 0) when the corpus is absent."""
import argparse, gzip, json, os, resource, shutil, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus", "news.jsonl.gz"))
ap.add_argument("--naba", default=os.path.join(root, "build", "cli", "naba"))
ap.add_argument("--xapian", default=os.path.join(root, "build", "bench", "naba_bench_xapian"))
ap.add_argument("--shards", type=int, default=2)
ap.add_argument("--work", default="/tmp/naba-shards-bench")
ap.add_argument("--only", default="xapian,single,shards")
ap.add_argument("--json", help="write the figures to this file")
args = ap.parse_args()
if not os.path.exists(args.corpus):
    print(f"no corpus at {args.corpus}: skipped")
    sys.exit(0)

opener = gzip.open if args.corpus.endswith(".gz") else open
with opener(args.corpus, "rb") as f:
    articles = mb = 0
    for line in f:
        articles += line.strip() != b""
        mb += len(line)
mb /= 1e6


def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6


def timed(cmd):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    err = proc.stderr.read()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{cmd[0]} failed: {err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, err


shutil.rmtree(args.work, ignore_errors=True)
os.makedirs(args.work)
runs = {}
for name in args.only.split(","):
    db = os.path.join(args.work, name)
    if name == "xapian":
        cmd = [args.xapian, "index", db, args.corpus]
    elif name == "single":
        cmd = [args.naba, "index", "--db", db, args.corpus]
    elif name == "shards":
        cmd = [args.naba, "index", "--shards", str(args.shards), "--db", db,
               "--merge", db + "-merged", args.corpus]
    else:
        sys.exit(f"unknown run {name}")
    seconds, rss, cpu, err = timed(cmd)
    run = {"seconds": round(seconds, 1), "articles_per_s": round(articles / seconds, 1),
           "mb_per_s": round(mb / seconds, 2), "peak_rss_mib": round(rss), "cpu_s": round(cpu, 1),
           "index_mb": round(du(db))}
    if name == "shards":
        merge = [l for l in err.splitlines() if l.startswith("merged")]
        merge_s = float(merge[-1].split(" in ")[-1].split()[0]) if merge else 0
        run["merge_seconds"] = merge_s
        run["index_only_seconds"] = round(seconds - merge_s, 1)
        run["merged_index_mb"] = round(du(db + "-merged"))
    runs[name] = run
    print(name, json.dumps(run), flush=True)

out = {"corpus": args.corpus, "articles": articles, "mb": round(mb, 1), "runs": runs}
base = runs.get("xapian", {}).get("seconds")
for name, run in runs.items():
    if base and name != "xapian":
        out[f"{name}_vs_xapian"] = round(base / run["seconds"], 2)
if "single" in runs and "shards" in runs:
    out["shards_vs_single"] = round(runs["single"]["seconds"] / runs["shards"]["seconds"], 2)
print(json.dumps(out, indent=1))
if args.json:
    with open(args.json, "w") as f:
        json.dump(out, f, indent=1)
