#!/usr/bin/env python3
"""How indexing and query latency grow with the corpus: naba beside Lucene++, from a quarter of
the shared corpus to four times it.

Usage: python3 bench/scale.py [--sizes quarter,half,1,2,4] [--work DIR] [--corpus FILE]
       [--engines naba,lucene] [--skip-index] [--build DIR] [--doc docs/scale.md]
       [--chart docs/scale.png] [--queries 1000] [--seed 16] [--wait-quiet 600]
       [--dates 2010-01-01..2025-12-31]

Corpora, one per size, written to WORK/corpus-SIZE.jsonl.gz (streamed, gzip in and out, so the
4x corpus never sits in memory) and reused while their recipe (source, size, seed, dates) is
unchanged:
  quarter, half   the first quarter / half of the corpus's articles
  1               the corpus itself
  K (2, 4, ...)   the corpus, then K-1 rounds of recombined articles, one per real article:
                  a new article takes its paragraphs from 2-4 real ones (the real article and
                  1-3 of the 1,000 before it, drawn at random), as many paragraphs (in random
                  order) as the one its title comes from, with a fresh id (syn-ROUND-N), a
                  fresh date drawn from --dates, and that article's source and category. Each
                  round has its own seeded generator, so the 2x corpus is the first half of the
                  4x one.

For each size and engine: index it (`naba index --db DIR FILE`; `naba_bench_lucene index DIR
FILE`), then time the latency set of bench/benchlib.py (drawn from --corpus with --seed, the same
queries for every size: --queries headlines and as many 1-2 word spans of them), warm, one
thread: naba returns its top 10 with the best passage highlighted, a peer its top 10 ids
(--ids-only). Reports index seconds, MB/s, index size, p50/p99 over the whole set and the p50 of
the short queries, and the growth ratios (short p50 1x/quarter, p50 4x/1x).

Quiet-machine guard as in bench/peers.py: the load average is recorded at the start; while the
1-minute load is >= 1.0 the run waits up to --wait-quiet seconds, and the page says loudly if the
machine was still busy. Writes DOC (markdown) and CHART (gnuplot, if installed); the figures go
to WORK/scale.json, intermediate files to WORK/s-SIZE/.
"""
import argparse
import collections
import contextlib
import datetime
import gzip
import json
import os
import random
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import peers  # noqa: E402
from benchlib import ALL, fmt_value, log  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED_CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
FRACTIONS = {"quarter": 0.25, "half": 0.5}
POOL = 1000  # a recombined article's other paragraphs come from the POOL real articles before
RECIPE = 1   # bump when the way corpora are made changes: cached corpora are then remade


def size_factor(name):
    """"quarter" -> 0.25, "half" -> 0.5, "2" -> 2; ValueError for anything else."""
    if name in FRACTIONS:
        return FRACTIONS[name]
    k = int(name)
    if k < 1:
        raise ValueError(name)
    return k


def size_label(name):
    return {"quarter": "¼×", "half": "½×"}.get(name, f"{name}×")


def articles(path):
    """(raw line, article dict) for each line of a JSON Lines file; the dict is None for a line
    that is not an article (naba skips those too)."""
    with benchlib.open_text(path) as f:
        for line in f:
            try:
                obj = json.loads(line)
            except ValueError:
                yield line, None
                continue
            yield line, obj if isinstance(obj, dict) and "id" in obj else None


def paragraphs(body):
    return [p for p in (body or "").split("\n") if p.strip()]


def text_bytes(obj):
    return len(str(obj.get("title") or "").encode("utf-8")) + len(
        str(obj.get("body") or "").encode("utf-8"))


@contextlib.contextmanager
def gzip_out(path):
    """A gzip file with neither time stamp nor name in its header: the same content, the same
    bytes."""
    with open(path, "wb") as raw, gzip.GzipFile("", "wb", 1, raw, mtime=0) as f:
        yield f


def write_prefix(src, out, count):
    """The first @p count articles of @p src into @p out; {"articles", "bytes"}."""
    n = nbytes = 0
    with gzip_out(out) as f:
        for line, obj in articles(src):
            if n == count:
                break
            f.write(line.rstrip("\n").encode("utf-8") + b"\n")
            if obj is not None:
                n += 1
                nbytes += text_bytes(obj)
    return {"articles": n, "bytes": nbytes}


def recombine(obj, pool, rng, round_no, number, dates):
    """A new article from the real article @p obj and 1-3 of @p pool (the real articles with a
    body read just before it), see the module doc."""
    donors = [obj] if paragraphs(obj.get("body")) else []
    others = rng.randint(1, 3) if donors else rng.randint(2, 4)
    donors += rng.sample(pool, min(others, len(pool)))
    if not donors:  # the corpus starts with an article without a body: a title only
        donors = [obj]
    titled = [d for d in donors if str(d.get("title") or "").strip()] or donors
    head = rng.choice(titled)
    own = paragraphs(head.get("body"))
    every = [p for d in donors for p in paragraphs(d.get("body"))]
    body = rng.sample(every, min(max(1, len(own)), len(every)))
    start, end = dates
    when = start + datetime.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
    return {"id": f"syn-{round_no}-{number}", "title": head.get("title") or "",
            "body": "\n".join(body), "date": when.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "source": head.get("source") or "", "category": head.get("category") or ""}


def write_recombined(src, out, factor, seed, dates):
    """@p src, then @p factor - 1 rounds of one recombined article per article of @p src, into
    @p out, streamed (one pass over src per round, a pool of POOL articles in memory);
    {"articles", "bytes"}."""
    n = nbytes = 0
    with gzip_out(out) as f:
        for line, obj in articles(src):
            f.write(line.rstrip("\n").encode("utf-8") + b"\n")
            if obj is not None:
                n += 1
                nbytes += text_bytes(obj)
        for round_no in range(1, factor):
            rng = random.Random(f"{seed}-{round_no}")
            pool = collections.deque(maxlen=POOL)
            number = 0
            for _, obj in articles(src):
                if obj is None:
                    continue
                number += 1
                new = recombine(obj, pool, rng, round_no, number, dates)
                f.write(json.dumps(new, ensure_ascii=False).encode("utf-8") + b"\n")
                n += 1
                nbytes += text_bytes(new)
                if paragraphs(obj.get("body")):
                    pool.append(obj)
    return {"articles": n, "bytes": nbytes}


def make_corpus(src, size, work, seed, dates, src_articles):
    """The corpus of @p size (a --sizes name) as {"path", "articles", "bytes"}, made in WORK
    unless a corpus of the same recipe is there already."""
    factor = size_factor(size)
    if factor == 1:
        return {"path": src, **benchlib.corpus_stats(src, work)}
    st = os.stat(src)
    recipe = (f"{RECIPE}:{os.path.abspath(src)}:{st.st_size}:{int(st.st_mtime)}:{size}:{seed}:"
              f"{dates[0]:%Y-%m-%d}..{dates[1]:%Y-%m-%d}")
    path = os.path.join(work, f"corpus-{size}.jsonl.gz")
    meta = path + ".json"
    if os.path.exists(path) and os.path.exists(meta):
        with open(meta, encoding="utf-8") as f:
            cached = json.load(f)
        if cached.get("recipe") == recipe:
            log(f"reusing {path}")
            return {"path": path, "articles": cached["articles"], "bytes": cached["bytes"]}
    log(f"writing {path}")
    if factor < 1:
        stats = write_prefix(src, path + ".tmp", round(src_articles * factor))
    else:
        stats = write_recombined(src, path + ".tmp", factor, seed, dates)
    os.replace(path + ".tmp", path)
    with open(meta, "w", encoding="utf-8") as f:
        json.dump({"recipe": recipe, **stats}, f)
    return {"path": path, **stats}


def measure(engine, corpus, size, work, batches, skip_index):
    """Indexes @p corpus with @p engine in WORK/s-SIZE and times the latency set; one row."""
    wdir = os.path.join(work, f"s-{size}")
    os.makedirs(os.path.join(wdir, "runs"), exist_ok=True)
    db = engine.db(wdir, "index")
    row = {"size": size, "engine": engine.name, "label": engine.label, "short": engine.short,
           "articles": corpus["articles"], "mb": corpus["bytes"] / 1e6}
    try:
        idx = benchlib.build_index(engine, db, [corpus["path"]], wdir, engine.name, skip_index)
    except Exception as ex:  # one failed size must not hide the others
        log(f"{engine.name} {size}: index FAILED: {ex}")
        return row
    secs = idx.get("seconds")
    row.update({"index_s": secs, "mb_s": corpus["bytes"] / 1e6 / secs if secs else None,
                "size_mib": idx["size_mb"] * 1e6 / 2**20 if idx.get("size_mb") else None,
                "reused": bool(idx.get("reused"))})
    lat = benchlib.latency_over(engine, wdir, db, batches, corpus["path"],
                                ids_only=not engine.is_naba)
    full, short = lat.get("all") or {}, lat.get("short") or {}
    row.update({"p50": full.get("p50_ms"), "p99": full.get("p99_ms"),
                "short_p50": short.get("p50_ms")})
    return row


COLUMNS = [("articles", "articles", 0), ("mb", "MB text", 1), ("index_s", "index s", 1),
           ("mb_s", "MB/s", 2), ("size_mib", "index MiB", 1), ("p50", "p50 ms", 2),
           ("p99", "p99 ms", 2), ("short_p50", "short p50 ms", 2)]


def markdown_table(rows):
    lines = ["| corpus | engine | " + " | ".join(h for _, h, _ in COLUMNS) + " |",
             "|---|---|" + "---|" * len(COLUMNS)]
    for r in rows:
        cells = [f"{r[k]:,}" if k == "articles" else fmt_value(r.get(k), d) for k, _, d in COLUMNS]
        lines.append(f"| {size_label(r['size'])} | {r['label']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth_lines(engines, rows):
    """Per engine: short p50 1x/quarter and p50 4x/1x, beside the corpus ratio."""
    out = []
    for e in engines:
        by = {r["size"]: r for r in rows if r["engine"] == e.name}
        parts = []
        for key, name, big, small, k in (("short_p50", "short-query p50", "1", "quarter", 4),
                                         ("p50", "p50", "4", "1", 4)):
            a, b = (by.get(big) or {}).get(key), (by.get(small) or {}).get(key)
            if a and b:
                parts.append(f"{name} {size_label(big)}/{size_label(small)} = {a / b:.2f}× "
                             f"(the corpus grew {k}×)")
        if parts:
            out.append(f"- **{e.label}**: " + "; ".join(parts) + ".")
    return out


def draw_chart(engines, rows, path, work, title):
    """p50 (and short p50) against corpus size, and indexing seconds, one line per engine."""
    colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"]
    lat, idx = [], []
    for i, e in enumerate(engines):
        dat = os.path.join(work, f"scale-{e.name}.dat")
        with open(dat, "w", encoding="utf-8") as f:
            f.write("# articles p50 p99 short_p50 index_s\n")
            mine = sorted((r for r in rows if r["engine"] == e.name), key=lambda r: r["articles"])
            for r in mine:
                keys = ("articles", "p50", "p99", "short_p50", "index_s")
                f.write(" ".join("NaN" if r.get(k) is None else f"{r[k]:.6g}" for k in keys)
                        + "\n")
        c = colors[i % len(colors)]
        lat += [f'{json.dumps(dat)} using 1:2 with linespoints lw 2 pt 7 lc rgb "{c}" '
                f'title "{e.short} p50"',
                f'{json.dumps(dat)} using 1:4 with linespoints lw 2 dt 2 pt 6 lc rgb "{c}" '
                f'title "{e.short} short p50"']
        idx.append(f'{json.dumps(dat)} using 1:5 with linespoints lw 2 pt 7 lc rgb "{c}" '
                   f'title "{e.short}"')
    sizes = sorted({(r["articles"], r["size"]) for r in rows})
    xtics = ", ".join(f'"{size_label(s)}\\n{n:,}" {n}' for n, s in sizes)
    script = f"""
set terminal pngcairo size 1400,600 font "DejaVu Sans,11" noenhanced
set output {json.dumps(path)}
set datafile missing "NaN"
set grid
set key top left
set logscale x 2
set xlabel "corpus size, articles (log scale)" offset 0,-0.8
set bmargin 5
set xtics ({xtics})
set offsets graph 0.05, graph 0.05, 0, 0
set multiplot layout 1,2 title {json.dumps(title, ensure_ascii=False)} font ",13"
set title "Query latency p50, warm, one thread: ms (lower is better)"
set yrange [0:*]
plot {", ".join(lat)}
set title "Indexing wall time: s"
plot {", ".join(idx)}
unset multiplot
"""
    return benchlib.gnuplot(script, os.path.join(work, "scale.gp"))


def parse_dates(text):
    start, sep, end = text.partition("..")
    first = datetime.datetime.fromisoformat(start)
    last = datetime.datetime.fromisoformat(end)
    if not sep or last <= first:
        raise ValueError(text)
    return first, last


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="quarter,half,1,2,4",
                    help="corpus sizes: quarter, half, or whole multiples of the corpus")
    ap.add_argument("--work", default="/tmp/naba-scale", help="corpora, indexes, runs and logs")
    ap.add_argument("--corpus", default=SHARED_CORPUS, help="the real corpus (JSON Lines)")
    ap.add_argument("--engines", default="naba,lucene", help="comma-separated subset of "
                    + ",".join(ALL))
    ap.add_argument("--skip-index", action="store_true",
                    help="reuse the indexes already in WORK (the latency is measured again)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "scale.md"))
    ap.add_argument("--chart", default=os.path.join(ROOT, "docs", "scale.png"))
    ap.add_argument("--queries", type=int, default=1000,
                    help="latency set: this many headlines and as many short queries")
    ap.add_argument("--seed", type=int, default=16, help="seed of the corpora and latency set")
    ap.add_argument("--dates", default="2010-01-01..2025-12-31",
                    help="dates of the recombined articles, FIRST..LAST")
    ap.add_argument("--wait-quiet", type=float, default=600, metavar="SECONDS",
                    help="wait up to this long for a 1-minute load average below 1.0")
    args = ap.parse_args()
    command = "python3 bench/scale.py " + shlex.join(sys.argv[1:])
    try:
        sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
        for s in sizes:
            size_factor(s)
        dates = parse_dates(args.dates)
    except ValueError as ex:
        print(f"scale: bad --sizes or --dates: {ex}", file=sys.stderr)
        return 2
    if not os.path.exists(args.corpus):
        print(f"scale: {args.corpus}: no such file", file=sys.stderr)
        return 2
    args.corpus = os.path.abspath(args.corpus)
    engines = []
    for name in [n.strip() for n in args.engines.split(",") if n.strip()]:
        if name not in ALL:
            print(f"scale: unknown engine {name!r} (known: {', '.join(ALL)})", file=sys.stderr)
            return 2
        engine = benchlib.make_engine(name, args.build)
        if not os.access(engine.exe, os.X_OK):
            print(f"scale: {engine.exe} not built", file=sys.stderr)
            return 1
        engines.append(engine)

    os.makedirs(os.path.join(args.work, "runs"), exist_ok=True)
    info = benchlib.machine()
    guard = benchlib.wait_for_quiet(args.wait_quiet)
    started = datetime.datetime.now(datetime.timezone.utc)
    source = benchlib.corpus_stats(args.corpus, args.work)
    qset = benchlib.write_latency_set(args.corpus, args.work, args.queries, args.seed)
    batches = {"all": qset["all"], "short": qset["short"]}
    rows = []
    for size in sorted(sizes, key=size_factor):
        corpus = make_corpus(args.corpus, size, args.work, args.seed, dates, source["articles"])
        log(f"size {size}: {corpus['articles']} articles, {corpus['bytes'] / 1e6:.1f} MB")
        for e in engines:
            rows.append(measure(e, corpus, size, args.work, batches, args.skip_index))
    finished = datetime.datetime.now(datetime.timezone.utc)

    table, growth = markdown_table(rows), growth_lines(engines, rows)
    print(table + "\n")
    for line in growth:
        print(line)
    if guard["busy"]:
        print(f"\nWARNING: the machine was busy (1-minute load {guard['end'][0]:.2f} when the "
              "run went on): timings are noisy")
    with open(os.path.join(args.work, "scale.json"), "w", encoding="utf-8") as f:
        json.dump({"corpus": args.corpus, "machine": info, "load": guard, "rows": rows}, f,
                  ensure_ascii=False, indent=1)
    order = sorted(sizes, key=size_factor)
    title = (f"{' and '.join(e.short for e in engines)} from {size_label(order[0])} to "
             f"{size_label(order[-1])} {os.path.basename(args.corpus)} ({source['articles']:,} "
             f"articles), {started:%Y-%m-%d}, {info['cores']} cores")
    chart_ok = bool(args.chart) and draw_chart(engines, rows, os.path.abspath(args.chart),
                                               args.work, title)
    if args.doc:
        write_doc(args, {"rows": rows, "table": table, "growth": growth, "info": info,
                         "guard": guard, "source": source, "counts": qset["counts"],
                         "command": command, "started": started, "finished": finished,
                         "chart_ok": chart_ok})
        log(f"wrote {args.doc}" + (f" and {args.chart}" if chart_ok else ""))
    return 0


def write_doc(args, run):
    info, started, counts, source = run["info"], run["started"], run["counts"], run["source"]
    mem = f"{info['memory_gb']:.0f} GiB" if info["memory_gb"] else "unknown memory"
    minutes = (run["finished"] - started).total_seconds() / 60
    corpus = os.path.relpath(args.corpus, ROOT)
    reused = [f"{size_label(r['size'])} {r['short']}" for r in run["rows"] if r.get("reused")]
    lines = [
        "# How naba grows with the corpus",
        "",
        "Written by `bench/scale.py` from one run; rerun it to refresh this page and the chart "
        "(`bench/peers.py` compares the engines on the real corpus: benchmarks.md).",
        "",
        peers.RERUN,
        "",
        "```",
        run["command"],
        "```",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC ({minutes:.0f} min run)",
        f"- Machine: {info['cores']} cores ({info['cpu']}), {mem}",
        benchlib.load_line(run["guard"]),
        f"- Corpus: `{corpus}`, {source['articles']:,} articles, {source['bytes'] / 1e6:.1f} MB "
        "of title+body UTF-8 (1×)",
        f"- Latency set: {counts['headlines']:,} headlines and {counts['short']:,} short queries "
        f"(spans of 1-2 consecutive words of headlines) drawn from `{corpus}` with seed "
        f"{args.seed}, the same for every size; warm (each batch runs once untimed first), one "
        "thread, in-process. naba returns its top 10 with the best passage highlighted; a peer "
        f"its top 10 ids (`--ids-only`). The warm pass also fills {benchlib.WARM_NABA_CACHE}.",
        "",
    ]
    lines += benchlib.busy_warning(run["guard"])
    if reused:
        lines += [f"**Note:** reused indexes (`--skip-index`, index figures from the run that "
                  f"built them): {', '.join(reused)}.", ""]
    lines += [run["table"], ""]
    if run["chart_ok"]:
        lines += [f"![latency against corpus size]"
                  f"({os.path.relpath(args.chart, os.path.dirname(args.doc))})", ""]
    if run["growth"]:
        lines += ["## Growth", "",
                  "How much slower queries get as the corpus grows: a ratio near 1 means the "
                  "latency hardly depends on the corpus size; near the corpus ratio, it grows "
                  "in proportion.", ""] + run["growth"] + [""]
    lines += [
        "## The corpora",
        "",
        "- **¼×, ½×**: the first quarter and half of the corpus's articles.",
        "- **1×**: the corpus itself.",
        "- **K× (2×, 4×)**: the corpus, then K-1 rounds of recombined articles, one per real "
        "article. A recombined article takes its paragraphs from 2-4 real articles (the real "
        f"one and 1-3 of the {POOL:,} before it, at random), as many paragraphs, in random "
        "order, as the article its title comes from; it gets a fresh id (`syn-ROUND-N`), a "
        f"fresh date drawn from {args.dates}, and that article's source and category. So every "
        "paragraph is real Arabic news text and the vocabulary keeps its real distribution, while "
        "the documents are new. Each round has its own seeded generator: the 2× corpus is the first half of "
        "the 4× one. Corpora are written gzipped to the work folder, streamed (one pass over the "
        "corpus per round), and reused while their recipe is unchanged.",
        "",
        "Index seconds are the wall time of `naba index --db DIR FILE` and `naba_bench_lucene "
        "index DIR FILE` (one process each, from an empty index); MB/s counts title+body UTF-8 "
        "bytes; index MiB is `du` of the index on disk. Lucene++ is set up as in "
        "benchmarks.md (ArabicAnalyzer, one title+body field, TF-IDF).",
        "",
    ]
    benchlib.write_page(args.doc, lines)


if __name__ == "__main__":
    sys.exit(main())
