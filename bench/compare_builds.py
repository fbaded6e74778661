#!/usr/bin/env python3
"""Two builds of naba side by side, in one run: a baseline (e.g. main) and a candidate (a
branch), each indexing the same corpus (wall time, peak RSS, size) and answering the latency
set of bench/benchlib.py (1,000 headlines and 1,000 short queries, seed 16) in interleaved
rounds, warm, one thread, top 10 with the best passage highlighted. Prints a Markdown table
with the candidate/baseline ratios; --json writes the figures.

    python3 bench/compare_builds.py --baseline /path/to/main/naba --candidate build/cli/naba

Give statically linked builds (-DBUILD_SHARED_LIBS=OFF), or each binary loads the libnaba
beside it. Needs ../shared (skips, exit 0, without it). Run alone on the machine: it records
the load average when it starts and waits (--wait-quiet) for a quiet machine.
"""
import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--candidate", required=True)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--work", default="/tmp/naba-compare")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--wait-quiet", type=float, default=600)
    ap.add_argument("--reuse-indexes", action="store_true",
                    help="keep the indexes of an earlier run in WORK (their figures too)")
    ap.add_argument("--json")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        print(f"skipped: no corpus at {args.corpus}")
        return 0
    guard = benchlib.wait_for_quiet(args.wait_quiet)
    os.makedirs(os.path.join(args.work, "runs"), exist_ok=True)
    sets = benchlib.write_latency_set(args.corpus, args.work)
    builds = {"baseline": args.baseline, "candidate": args.candidate}
    figures = {name: {} for name in builds}
    engines = {name: benchlib.Engine("naba", name, exe) for name, exe in builds.items()}
    text_mb = benchlib.corpus_stats(args.corpus, args.work)["bytes"] / 1e6
    for name, engine in engines.items():
        db = os.path.join(args.work, f"{name}-index")
        figures[name]["index"] = benchlib.build_index(engine, db, [args.corpus], args.work, name,
                                                       args.reuse_indexes)
    for _ in range(args.rounds):  # interleaved: the machine's load drifts
        for name, engine in engines.items():
            db = os.path.join(args.work, f"{name}-index")
            for key in ("all", "short", "headlines"):
                got = benchlib.latency(engine, args.work, db, sets[key], args.corpus,
                                       name=f"{name}-{key}")
                for q in ("p50_ms", "p95_ms", "p99_ms"):
                    figures[name].setdefault(key, {}).setdefault(q, []).append(got[q])
    rows = []

    def row(label, base, cand, digits=2):
        rows.append(f"| {label} | {base:.{digits}f} | {cand:.{digits}f} | {cand / base:.2f} |")

    b, c = figures["baseline"], figures["candidate"]
    row("index wall s", b["index"]["seconds"], c["index"]["seconds"], 1)
    row("index MB/s (title+body)", text_mb / b["index"]["seconds"], text_mb / c["index"]["seconds"])
    row("index peak RSS MB", b["index"]["peak_rss_mb"], c["index"]["peak_rss_mb"], 0)
    row("index size MB", b["index"]["size_mb"], c["index"]["size_mb"], 0)
    for key in ("all", "short", "headlines"):
        for q in ("p50_ms", "p95_ms", "p99_ms"):
            row(f"{key} {q.replace('_ms', '')} ms (median of {args.rounds})",
                statistics.median(b[key][q]), statistics.median(c[key][q]))
    print(benchlib.load_line(guard))
    print(f"- Corpus: {args.corpus}; latency set: {sets['counts']}")
    print("\n| measure | baseline | candidate | candidate / baseline |\n|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"load": guard, "figures": figures}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
