#!/usr/bin/env python3
"""naba side by side with the engines a user would pick instead, in one run.

Usage: python3 bench/peers.py [--corpus FILE] [--work DIR] [--eval DIR] [--build DIR]
       [--engines naba,xapian,lucene,fts5] [--doc docs/benchmarks.md] [--chart docs/benchmarks.png]
       [--skip-index] [--reuse-untimed] [--queries 1000] [--seed 16] [--wait-quiet 600]

Engines (built by bench/CMakeLists.txt from Debian packages; a peer whose target was skipped
is left out and said so):
  naba     build/cli/naba (passages, its own analyzer)
  xapian   naba_bench_xapian: TermGenerator + Stem("arabic"), BM25, MSet::snippet
  lucene   naba_bench_lucene: Lucene++ 3.0.8 ArabicAnalyzer, TF-IDF, Highlighter
  fts5     naba_bench_fts5: SQLite FTS5 unicode61 remove_diacritics 2, bm25(), snippet()
Every engine indexes the same corpus, one after the other, in each phase (full index, no-title
copy, ARCD, entity runs, latency), so the load of a shared machine falls on all of them alike.

Columns: indexing wall time, articles/s, MB/s (title+body UTF-8), peak RSS, index size;
known-item MRR@10 and R@10; entity R-precision and P@10 per query kind; ARCD passage MRR@10
(peers index each paragraph as a document). All quality figures are scored from TREC runs by
bench/trec_eval.py (through bench/benchlib.py, shared with bench/eval_quality.py).

Latency (a table of its own): the latency set of benchlib.latency_queries, drawn from the corpus
with --seed: --queries headlines and as many short queries (1-2 consecutive words of headlines),
written to WORK/queries-{headlines,short,all}.tsv. Warm, one thread, in-process; p50/p95/p99
over all of them, and p50/p99 of the short ones run as their own batch. Each engine in the
modes of LATENCY_MODES: naba top 10 with its best passage highlighted; Xapian with and without
MSet::snippet; Lucene++ ids only and with its Highlighter; FTS5 with snippet(). Then the ratios
naba/peer, first naba/Lucene++ (ids only) at p50, p99 and short p50.

Quiet-machine guard: the load average is recorded when the run starts; while the 1-minute load
is >= 1.0 the run waits (up to --wait-quiet seconds) for it to fall, then goes on, and the page
says loudly if the machine was still busy.

The corpus defaults to ../shared/corpus/news.jsonl.gz; any JSON Lines file can be given.
Known-item and entity columns need the shared corpus (their judgments name its articles); ARCD
needs only ../shared/eval. Without the shared corpus the bundled corpus/sample.jsonl is used
and the quality columns are n/a.

Prints the table on stdout and writes DOC (table, command, machine, date, ratios) and CHART
(gnuplot, if installed); intermediate files go to WORK.
"""
import argparse
import datetime
import json
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import ALL, KINDS, fmt_value, log  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED_CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
SAMPLE_CORPUS = os.path.join(ROOT, "corpus", "sample.jsonl")

# How to rerun, on the page (and by hand in docs/benchmarks.md until the next run).
RERUN = ("To rerun, alone on the machine: `python3 bench/peers.py` (12 minutes on 2 cores on "
         "2026-12-07; `--reuse-untimed` keeps the untimed no-title and ARCD indexes of an "
         "earlier run) for benchmarks.md, `python3 bench/scale.py` (some 6 GB in "
         "/tmp/naba-scale; 5 minutes with `--sizes quarter,1,4` on 2026-12-07) for scale.md. Both "
         "record the load average when they start and wait up to `--wait-quiet` "
         "seconds (600) for the 1-minute load to fall below 1.0; a run that had to go on on a "
         "busy machine says so at the top of its page.")

# Latency runs of each engine, in table order: (ids_only, what a query returns, chart tag).
LATENCY_MODES = {
    "naba": [(False, "top 10, best passage highlighted", "passage")],
    "xapian": [(False, "top 10 + MSet::snippet()", "snippet"), (True, "top 10 ids", "ids")],
    "lucene": [(True, "top 10 ids", "ids"), (False, "top 10 + Highlighter fragment", "hl")],
    "fts5": [(False, "top 10 + snippet()", "snippet")],
}

# (key, heading, digits) in table order; keys index the per-engine result rows.
COLUMNS = [
    ("index_s", "index s", 1), ("articles_s", "articles/s", 0), ("mb_s", "MB/s", 2),
    ("rss_mb", "peak RSS MB", 0), ("size_mb", "index MB", 1),
    ("ki_mrr", "known-item MRR@10", 3), ("ki_r10", "known-item R@10", 3),
] + [(f"rprec_{k}", f"entity R-prec {k}", 3) for k in KINDS] + [
    (f"p10_{k}", f"entity P@10 {k}", 3) for k in KINDS] + [("arcd", "ARCD MRR@10", 3)]


def collect(engines, args, cstats, quality, arcd_ok):
    """Runs every phase for every engine; returns {engine: raw results}."""
    res = {e.name: {} for e in engines}

    def section(e, name, fn, *a):
        try:
            res[e.name][name] = fn(*a)
        except Exception as ex:  # one broken section must not hide the others
            log(f"{e.name} {name}: FAILED: {ex}")
            res[e.name][name] = None

    work, ev = args.work, args.eval
    untimed_reuse = args.skip_index or args.reuse_untimed
    for e in engines:
        section(e, "index", benchlib.build_index, e, e.db(work, "full"), [args.corpus], work,
                f"{e.name}-full", args.skip_index)
    if quality:
        notitles = os.path.join(work, "notitles.jsonl.gz")
        benchlib.corpus_stats(args.corpus, work, notitles)
        for e in engines:
            section(e, "known_item", benchlib.known_item, e, work, ev, notitles, untimed_reuse)
        for e in engines:
            section(e, "entities", benchlib.entities, e, work, ev, e.db(work, "full"))
    if arcd_ok:
        for e in engines:
            section(e, "arcd", benchlib.arcd, e, work, ev, untimed_reuse)
    qset = benchlib.write_latency_set(args.corpus, work, args.queries, args.seed)
    batches = {"all": qset["all"], "short": qset["short"]}
    for e in engines:
        for ids_only, _, _ in LATENCY_MODES[e.name]:
            section(e, latency_key(ids_only), benchlib.latency_over, e, work, e.db(work, "full"),
                    batches, args.corpus, ids_only)
    return res, qset["counts"]


def latency_key(ids_only):
    return "latency-ids" if ids_only else "latency-snippets"


def latency_rows(engines, res):
    """One row per engine and latency mode: {"engine", "label", "returns", "tag", "p50",
    "p95", "p99", "short_p50", "short_p99"} (None where a run gave no figures)."""
    rows = []
    for e in engines:
        for ids_only, returns, tag in LATENCY_MODES[e.name]:
            lat = res[e.name].get(latency_key(ids_only)) or {}
            full, short = lat.get("all") or {}, lat.get("short") or {}
            rows.append({"engine": e.name, "label": e.label, "short": e.short, "ids_only": ids_only,
                         "returns": returns, "tag": tag, "p50": full.get("p50_ms"),
                         "p95": full.get("p95_ms"), "p99": full.get("p99_ms"),
                         "short_p50": short.get("p50_ms"), "short_p99": short.get("p99_ms")})
    return rows


LATENCY_COLUMNS = [("p50", "p50 ms"), ("p95", "p95 ms"), ("p99", "p99 ms"),
                   ("short_p50", "short p50 ms"), ("short_p99", "short p99 ms")]


def latency_table(lrows):
    lines = ["| engine | a query returns | " + " | ".join(h for _, h in LATENCY_COLUMNS) + " |",
             "|---|---|" + "---|" * len(LATENCY_COLUMNS)]
    for r in lrows:
        lines.append(f"| {r['label']} | {r['returns']} | "
                     + " | ".join(fmt_value(r[k], 2) for k, _ in LATENCY_COLUMNS) + " |")
    return "\n".join(lines)


def table_rows(engines, res, cstats):
    rows = {}
    for e in engines:
        r = res[e.name]
        idx = r.get("index") or {}
        ki, ent = r.get("known_item") or {}, r.get("entities") or {}
        secs = idx.get("seconds")
        row = {
            "index_s": secs,
            "articles_s": cstats["articles"] / secs if secs else None,
            "mb_s": cstats["bytes"] / 1e6 / secs if secs else None,
            "rss_mb": idx.get("peak_rss_mb"), "size_mb": idx.get("size_mb"),
            "ki_mrr": ki.get("mrr@10"), "ki_r10": ki.get("recall@10"), "arcd": r.get("arcd"),
        }
        for k in KINDS:
            row[f"rprec_{k}"] = (ent.get(k) or {}).get("rprec")
            row[f"p10_{k}"] = (ent.get(k) or {}).get("p@10")
        rows[e.name] = row
    return rows


def markdown_table(engines, rows):
    head = "| engine | " + " | ".join(h for _, h, _ in COLUMNS) + " |"
    lines = [head, "|---|" + "---|" * len(COLUMNS)]
    for e in engines:
        cells = [fmt_value(rows[e.name][k], d) for k, _, d in COLUMNS]
        lines.append(f"| {e.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def times(x):
    return f"{x:.2f}×"


def ratio_phrase(what, naba, peer, faster_is_higher=False):
    """"what naba/peer = 1.88× (naba is behind: ...)", or None when a figure is missing."""
    if not naba or not peer:
        return None
    r = naba / peer
    if faster_is_higher:
        return (f"{what} naba/peer = {times(r)} ("
                + (f"naba indexes {times(r)} as fast" if r >= 1
                   else f"naba is behind: the peer indexes {times(1 / r)} as fast") + ")")
    return (f"{what} naba/peer = {times(r)} ("
            + (f"naba answers {times(1 / r)} as fast" if r <= 1
               else f"naba is behind: it takes {times(r)} the peer's time") + ")")


LATENCY_RATIOS = (("p50", "query p50"), ("p99", "query p99"), ("short_p50", "short-query p50"))


def lucene_lines(lrows):
    """The issue's question first: naba (best passage highlighted) against Lucene++ (ids only,
    then with its Highlighter) at p50, p99 and short-query p50."""
    naba = next((r for r in lrows if r["engine"] == "naba"), None)
    out = []
    for r in lrows:
        if naba is None or r["engine"] != "lucene":
            continue
        parts = [p for p in (ratio_phrase(name, naba[k], r[k]) for k, name in LATENCY_RATIOS) if p]
        if parts:
            out.append(f"- **naba ({naba['returns']}) / {r['label']} ({r['returns']})**: "
                       + "; ".join(parts) + ".")
    return out


def ratio_lines(engines, rows, lrows):
    """Plain sentences: naba's indexing MB/s and each latency mode's p50, p99 and short-query
    p50 against each peer's."""
    naba = rows.get("naba")
    naba_lat = next((r for r in lrows if r["engine"] == "naba"), None)
    out = []
    if not naba:
        return out
    for e in engines:
        if e.is_naba:
            continue
        parts = [ratio_phrase("indexing MB/s", naba["mb_s"], rows[e.name]["mb_s"], True)]
        for r in lrows:
            if r["engine"] == e.name and naba_lat:
                parts += [ratio_phrase(f"{name} ({r['returns']})", naba_lat[k], r[k])
                          for k, name in LATENCY_RATIOS]
        parts = [p for p in parts if p]
        if parts:
            out.append(f"- **{e.label}**: " + "; ".join(parts) + ".")
    return out


def quality_lines(engines, rows):
    """Where naba stands on known-item MRR@10 and every entity column."""
    naba = rows.get("naba")
    if not naba or naba["ki_mrr"] is None:
        return []
    keys = [("ki_mrr", "known-item MRR@10")] + [(f"rprec_{k}", f"entity R-prec {k}")
                                                 for k in KINDS] + [
        (f"p10_{k}", f"entity P@10 {k}") for k in KINDS] + [("arcd", "ARCD MRR@10")]
    behind = []
    for key, name in keys:
        for e in engines:
            if e.is_naba or rows[e.name][key] is None or naba[key] is None:
                continue
            if rows[e.name][key] >= naba[key]:
                behind.append(f"{name}: {e.label} {rows[e.name][key]:.3f} ≥ naba {naba[key]:.3f}")
    if not behind:
        return ["naba is ahead of every peer on known-item MRR@10, on every entity column and "
                "on ARCD MRR@10."]
    return ["naba is not ahead of every peer on:"] + [f"- {b}" for b in behind]


def draw_chart(engines, rows, lrows, path, work, title):
    """Four panels with gnuplot: indexing MB/s, latency of each mode, quality, entities."""
    dat, ldat = os.path.join(work, "chart.dat"), os.path.join(work, "chart-latency.dat")

    def num(v):
        return "NaN" if v is None else f"{v:.6g}"

    with open(dat, "w", encoding="utf-8") as f:
        f.write("# engine mb_s ki_mrr ki_r10 arcd rprec_canonical rprec_clitic "
                "rprec_variant rprec_latin\n")
        for e in engines:
            r = rows[e.name]
            vals = [r["mb_s"], r["ki_mrr"], r["ki_r10"], r["arcd"]] + [
                r[f"rprec_{k}"] for k in KINDS]
            f.write(f'"{e.short}" ' + " ".join(num(v) for v in vals) + "\n")
    with open(ldat, "w", encoding="utf-8") as f:
        f.write("# engine+mode p50 p95 p99 short_p50\n")
        for r in lrows:
            vals = [r["p50"], r["p95"], r["p99"], r["short_p50"]]
            f.write(f'"{r["short"]} {r["tag"]}" ' + " ".join(num(v) for v in vals) + "\n")
    script = f"""
set terminal pngcairo size 1500,1000 font "DejaVu Sans,11" noenhanced
set output {json.dumps(path)}
set datafile missing "NaN"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key top right font ",10"
set xtics scale 0 font ",12"
set multiplot layout 2,2 title {json.dumps(title)} font ",13"
set title "Indexing speed: MB/s of title+body (higher is better)"
set xrange [-0.5:{len(engines) - 0.5}]
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
plot {json.dumps(dat)} using 2:xtic(1) notitle linecolor rgb "#1f77b4", \\
     '' using 0:2:(sprintf("%.2f", $2)) with labels offset 0,0.8 notitle
set title "Query latency, top 10, warm, one thread: ms (lower is better; log scale)"
set offsets 0, 0, 0, 0
set logscale y
set xrange [-0.5:{len(lrows) - 0.5}]
set yrange [*:*]
set key top left
set xtics font ",9"
plot {json.dumps(ldat)} using 2:xtic(1) title "p50" linecolor rgb "#2ca02c", \\
     '' using 3 title "p95" linecolor rgb "#ff7f0e", \\
     '' using 4 title "p99" linecolor rgb "#d62728", \\
     '' using 5 title "short p50" linecolor rgb "#17becf"
unset logscale y
set xtics font ",12"
set title "Known-item and passage quality (higher is better)"
set xrange [-0.5:{len(engines) - 0.5}]
set yrange [0:1.15]
set key top left horizontal
plot {json.dumps(dat)} using 3:xtic(1) title "known-item MRR@10" linecolor rgb "#1f77b4", \\
     '' using 4 title "known-item R@10" linecolor rgb "#aec7e8", \\
     '' using 5 title "ARCD MRR@10" linecolor rgb "#9467bd"
set title "Entity R-precision per query kind (higher is better)"
plot {json.dumps(dat)} using 6:xtic(1) title "canonical" linecolor rgb "#2ca02c", \\
     '' using 7 title "clitic" linecolor rgb "#98df8a", \\
     '' using 8 title "variant" linecolor rgb "#ff7f0e", \\
     '' using 9 title "latin" linecolor rgb "#d62728"
unset multiplot
"""
    return benchlib.gnuplot(script, os.path.join(work, "chart.gp"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="JSON Lines corpus (default: the shared corpus, else the "
                    "bundled sample)")
    ap.add_argument("--work", default="/tmp/naba-peers", help="indexes, runs and logs")
    ap.add_argument("--eval", default=os.path.join(ROOT, "..", "shared", "eval"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--engines", default=",".join(ALL), help="comma-separated subset of "
                    + ",".join(ALL))
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--chart", default=os.path.join(ROOT, "docs", "benchmarks.png"))
    ap.add_argument("--skip-index", action="store_true", help="reuse indexes already in WORK")
    ap.add_argument("--reuse-untimed", action="store_true",
                    help="reuse the known-item (no-title) and ARCD indexes already in WORK; "
                    "they are not timed (the full-corpus indexes always are)")
    ap.add_argument("--queries", type=int, default=1000,
                    help="latency set: this many headlines and as many short queries")
    ap.add_argument("--seed", type=int, default=16, help="seed of the latency set")
    ap.add_argument("--wait-quiet", type=float, default=600, metavar="SECONDS",
                    help="wait up to this long for a 1-minute load average below 1.0")
    args = ap.parse_args()
    command = "python3 bench/peers.py " + shlex.join(sys.argv[1:])

    notes = []
    if args.corpus:
        if not os.path.exists(args.corpus):
            print(f"peers: {args.corpus}: no such file", file=sys.stderr)
            return 2
    elif os.path.exists(SHARED_CORPUS):
        args.corpus = SHARED_CORPUS
    else:
        args.corpus = SAMPLE_CORPUS
        notes.append(f"The shared corpus ({SHARED_CORPUS}) is absent: this run used the bundled "
                     "sample corpus/sample.jsonl (400 articles).")
    args.corpus = os.path.abspath(args.corpus)
    args.eval = os.path.normpath(os.path.abspath(args.eval))
    have_eval = os.path.isdir(args.eval)
    same_corpus = os.path.exists(SHARED_CORPUS) and os.path.samefile(args.corpus, SHARED_CORPUS)
    quality = have_eval and same_corpus
    if not have_eval:
        notes.append(f"{args.eval} is absent: quality columns are n/a.")
    elif not same_corpus:
        notes.append("The corpus is not the shared one: known-item and entity columns are n/a "
                     "(their judgments name the shared corpus's articles).")
    for n in notes:
        log(n)

    engines = []
    for name in [n.strip() for n in args.engines.split(",") if n.strip()]:
        if name not in ALL:
            print(f"peers: unknown engine {name!r} (known: {', '.join(ALL)})", file=sys.stderr)
            return 2
        engine = benchlib.make_engine(name, args.build)
        if not os.access(engine.exe, os.X_OK):
            msg = f"{engine.exe} not built: {name} left out"
            if name == "naba":
                print(f"peers: {msg}", file=sys.stderr)
                return 1
            notes.append(msg + " (see the CMake messages for the missing package).")
            log(msg)
            continue
        engines.append(engine)

    os.makedirs(os.path.join(args.work, "runs"), exist_ok=True)
    info = benchlib.machine()
    guard = benchlib.wait_for_quiet(args.wait_quiet)
    started = datetime.datetime.now(datetime.timezone.utc)
    cstats = benchlib.corpus_stats(args.corpus, args.work)
    log(f"corpus: {args.corpus}: {cstats['articles']} articles, "
        f"{cstats['bytes'] / 1e6:.1f} MB title+body")
    res, counts = collect(engines, args, cstats, quality, have_eval)
    reused = [e.label for e in engines
              if ((res[e.name].get("known_item") or {}).get("index") or {}).get("reused")]
    if reused:
        notes.append("The known-item (no-title) indexes of " + ", ".join(reused) + " were "
                     f"reused from {args.work}, built earlier by the same code (they are not "
                     "timed; the full-corpus indexes in the table were built in this run).")
    finished = datetime.datetime.now(datetime.timezone.utc)
    rows = table_rows(engines, res, cstats)
    lrows = latency_rows(engines, res)

    table, ltable = markdown_table(engines, rows), latency_table(lrows)
    print(table + "\n\n" + ltable + "\n")
    for line in lucene_lines(lrows) + ratio_lines(engines, rows, lrows):
        print(line)
    if guard["busy"]:
        print(f"\nWARNING: the machine was busy (1-minute load {guard['end'][0]:.2f} when the "
              "run went on): timings are noisy")
    for n in notes:
        print(f"\nNote: {n}")
    with open(os.path.join(args.work, "peers.json"), "w", encoding="utf-8") as f:
        json.dump({"corpus": args.corpus, "corpus_stats": cstats, "machine": info, "load": guard,
                   "rows": rows, "latency": lrows, "details": res, "notes": notes}, f,
                  ensure_ascii=False, indent=1)

    title = (f"naba and peers on {os.path.basename(args.corpus)} ({cstats['articles']} articles), "
             f"{started:%Y-%m-%d}, {info['cores']} cores")
    chart_ok = bool(args.chart) and draw_chart(engines, rows, lrows, os.path.abspath(args.chart),
                                               args.work, title)
    if args.doc:
        write_doc(args, {"engines": engines, "rows": rows, "lrows": lrows, "table": table,
                         "ltable": ltable, "notes": notes, "info": info, "guard": guard,
                         "cstats": cstats, "command": command, "started": started,
                         "finished": finished, "counts": counts, "chart_ok": chart_ok})
        log(f"wrote {args.doc}" + (f" and {args.chart}" if chart_ok else ""))
    return 0


def write_doc(args, run):
    info, cstats, started, counts = run["info"], run["cstats"], run["started"], run["counts"]
    engines, rows, lrows = run["engines"], run["rows"], run["lrows"]
    mem = f"{info['memory_gb']:.0f} GiB" if info["memory_gb"] else "unknown memory"
    minutes = (run["finished"] - started).total_seconds() / 60
    lines = [
        "# naba beside the engines a user would pick instead",
        "",
        "Written by `bench/peers.py` from one run; rerun it to refresh this page and the chart "
        "(`bench/scale.py` measures how latency grows with the corpus: scale.md).",
        "",
        RERUN,
        "",
        "```",
        run["command"],
        "```",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC ({minutes:.0f} min run)",
        f"- Machine: {info['cores']} cores ({info['cpu']}), {mem}",
        benchlib.load_line(run["guard"]),
        f"- Corpus: `{os.path.relpath(args.corpus, ROOT)}`, {cstats['articles']:,} articles, "
        f"{cstats['bytes'] / 1e6:.1f} MB of title+body UTF-8",
        f"- Latency set: {counts['headlines']:,} headlines and {counts['short']:,} short queries "
        f"(spans of 1-2 consecutive words of headlines), drawn from the corpus with seed "
        f"{args.seed} (`benchlib.latency_queries`); warm (each batch runs once untimed first), "
        "one thread, in-process (no process start-up); the warm pass also fills "
        + benchlib.WARM_NABA_CACHE,
        "",
    ]
    lines += benchlib.busy_warning(run["guard"])
    lines += [f"**Note:** {n}" for n in run["notes"]] + ([""] if run["notes"] else [])
    lines += [run["table"], ""]
    lines += [
        "## Query latency", "",
        f"p50/p95/p99 over all {counts['headlines'] + counts['short']:,} queries of the latency "
        f"set; short p50/p99 over its {counts['short']:,} short queries, run as their own batch. "
        "Every engine returns its top 10 (naba: one hit per article, every copy of a story, "
        "`--all-duplicates -n 10`); what else a query returns is said in the second column.", "",
        run["ltable"], ""]
    if run["chart_ok"]:
        lines += [f"![naba and peers]({os.path.relpath(args.chart, os.path.dirname(args.doc))})",
                  ""]
    lucene = lucene_lines(lrows)
    if lucene:
        lines += ["## naba against Lucene++", "",
                  "naba's latency divided by Lucene++'s, from this run (below 1: naba answers "
                  "faster). naba's figure includes finding and highlighting the best passage "
                  "of each hit; Lucene++ ids only returns the ids of its top 10.", ""]
        lines += lucene + [""]
    ratios = ratio_lines(engines, rows, lrows)
    if ratios:
        lines += ["## naba against each peer", "",
                  "Ratios are naba's figure divided by the peer's, from this run: for MB/s above 1 "
                  "means naba indexes faster; for latency below 1 means naba answers faster.", ""]
        lines += ratios + [""]
    ql = quality_lines(engines, rows)
    if ql:
        lines += ["## Quality", ""] + ql + [""]
    lines += [
        "## How each engine is set up",
        "",
        "- **naba**: `naba index` / `naba search --batch FILE --all-duplicates -n 10 "
        "--latency-json FILE`; passages ranked, the best passage of each hit highlighted from "
        "the word spans stored with it (the latency includes it).",
        "- **plain Xapian** (`bench/xapian_baseline.cc`): TermGenerator + QueryParser with "
        "`Xapian::Stem(\"arabic\")`, STEM_SOME, BM25 defaults, default operator OR, one document "
        "per article; timed with `MSet::snippet()` of each hit's body (read from the corpus) and "
        "with the ids only (`--ids-only`).",
        "- **Lucene++ 3.0.8** (`bench/lucene_baseline.cc`, liblucene++-dev): `ArabicAnalyzer` "
        "(Lucene's Arabic normaliser, light10 stemmer, stop words) on one title+body field, classic "
        "QueryParser (OR, query text escaped), default TF-IDF similarity (Lucene 3 has no BM25); "
        "timed with the stored ids only (`--ids-only`) and with a Highlighter fragment of each "
        "hit's body; segments left as the merge policy made them.",
        "- **SQLite FTS5** (`bench/fts5_baseline.cc`): `fts5(id UNINDEXED, title, body, "
        "tokenize='unicode61 remove_diacritics 2')` with its content stored (the index size "
        "includes the text), query = OR of the quoted words, `ORDER BY bm25()`, `snippet()` of "
        "the body.",
        "",
        "Known-item: the 1,000 dev headlines searched in a copy of the corpus with every title "
        "blanked (MRR@10, R@10). Entities: places named four ways, top 1000 per query "
        "(R-precision, P@10 per kind). ARCD: naba indexes the 77 whole articles and its passages "
        "are mapped to paragraphs; the peers index each of the 231 paragraphs as a document. "
        "All scored by `bench/trec_eval.py` (see `../shared/eval/README.md`). Peak RSS is "
        "`/usr/bin/time -v` of the full-corpus indexing process; index size is `du` of the "
        "index on disk; MB/s counts title+body UTF-8 bytes. The latency queries are in the run's "
        "work folder (`queries-headlines.tsv`, `queries-short.tsv`), the same for the same "
        "corpus and seed.",
        "",
    ]
    benchlib.write_page(args.doc, lines)


if __name__ == "__main__":
    sys.exit(main())
