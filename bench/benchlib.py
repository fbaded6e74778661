"""Pieces shared by bench/eval_quality.py, bench/peers.py and bench/scale.py: running engines,
the corpus copies they need, indexing with wall time / peak RSS / size, the sections that score
an engine on the shared evaluation sets (../shared/eval/README.md) with bench/trec_eval.py, the
latency query set (headlines and short spans of them, seeded) and the quiet-machine guard.

An Engine is naba (`naba index|search`) or a peer baseline with the command line of
bench/baseline_driver.h (`naba_bench_X index DB PATH...`, `naba_bench_X search DB --batch ...`).
"""
import gzip
import json
import os
import platform
import random
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trec_eval  # noqa: E402

# What the warm pass fills besides the page cache, said on both benchmark pages.
WARM_NABA_CACHE = ("what naba's searcher keeps of the articles it read (their shapes up to 128 "
                   "MiB, the shown passages of 10,000 articles: performance.md, \"A cache of what "
                   "was read\"), as it fills the page cache for every engine")

KINDS = ("canonical", "clitic", "variant", "latin")
# naba exits 1 for "some lines skipped" (index) and "no results" (search), 2 on errors; the
# baselines exit 0 or fail with 1 or 2, which they report on stderr.
NABA_OK = (0, 1)

PEERS = {  # name: (label, short label, executable under build/bench, index suffix)
    "xapian": ("plain Xapian + Snowball arabic", "Xapian", "naba_bench_xapian", ""),
    "lucene": ("Lucene++ 3.0.8 ArabicAnalyzer", "Lucene++", "naba_bench_lucene", ""),
    "fts5": ("SQLite FTS5 unicode61", "SQLite FTS5", "naba_bench_fts5", ".sqlite"),
}
ALL = ("naba",) + tuple(PEERS)


class Engine:
    """How to index with and query one engine. @p db_suffix names the index on disk
    ("" for a folder, ".sqlite" for FTS5's single file); @p short labels it in charts."""

    def __init__(self, name, label, exe, db_suffix="", short=None):
        self.name, self.label, self.exe, self.db_suffix = name, label, exe, db_suffix
        self.short = short or label

    @property
    def is_naba(self):
        return self.name == "naba"

    @property
    def ok(self):
        return NABA_OK if self.is_naba else (0,)

    def db(self, work, what):
        return os.path.join(work, f"{self.name}-{what}{self.db_suffix}")

    def index_cmd(self, db, paths):
        if self.is_naba:
            return [self.exe, "index", "--db", db] + list(paths)
        return [self.exe, "index", db] + list(paths)

    def batch_cmd(self, db, batch, n, extra=()):
        if self.is_naba:
            return [self.exe, "search", "--db", db, "--batch", batch, "--all-duplicates", "-n",
                    str(n)] + list(extra)
        return [self.exe, "search", db, "--batch", batch, "-n", str(n)] + list(extra)


def make_engine(name, build):
    """The Engine called @p name (one of ALL) from the build folder @p build."""
    if name == "naba":
        return Engine("naba", "naba", os.path.join(build, "cli", "naba"))
    label, short, exe, suffix = PEERS[name]
    return Engine(name, label, os.path.join(build, "bench", exe), suffix, short)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, stdout=None, check=True, quiet=False, ok=(0,)):
    """Runs cmd (logging it unless quiet), stdout to a file path if given; exit statuses
    other than @p ok raise when @p check."""
    if not quiet:
        log("$ " + shlex.join(cmd) + (f" > {shlex.quote(stdout)}" if stdout else ""))
    if stdout:
        with open(stdout, "w", encoding="utf-8") as out:
            res = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
    else:
        res = subprocess.run(cmd, capture_output=True, text=True)
    if check and res.returncode not in ok:
        raise RuntimeError(f"{cmd[0]} exited {res.returncode}: {res.stderr.strip()[-2000:]}")
    return res


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            qid, sep, text = line.rstrip("\r\n").partition("\t")
            if sep:
                rows.append((qid, text))
    return rows


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for qid, text in rows:
            f.write(f"{qid}\t{text}\n")


def open_text(path):
    return gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(
        path, encoding="utf-8")


# --- corpus preparation --------------------------------------------------------------------

def corpus_stats(path, work, notitles=None):
    """{"articles", "bytes"} of title+body UTF-8; cached in WORK. Writes the no-title copy to
    @p notitles in the same pass when it is given and missing."""
    cache = os.path.join(work, "corpus-stats.json")
    st = os.stat(path)
    key = f"{os.path.abspath(path)}:{st.st_size}:{int(st.st_mtime)}"
    cached = {}
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            cached = json.load(f)
    need_copy = notitles and not os.path.exists(notitles)
    if key in cached and not need_copy:
        return cached[key]
    log(f"reading {path}" + (f", writing {notitles}" if need_copy else ""))
    articles = nbytes = 0
    out = gzip.open(notitles + ".tmp", "wt", encoding="utf-8", compresslevel=1) if need_copy else None
    with open_text(path) as f:
        for line in f:
            try:
                obj = json.loads(line)
            except ValueError:
                if out:
                    out.write(line)
                continue
            if not isinstance(obj, dict):
                continue
            title, body = obj.get("title") or "", obj.get("body") or ""
            if "id" in obj and isinstance(body, str):
                articles += 1
                nbytes += len(str(title).encode("utf-8")) + len(body.encode("utf-8"))
            if out:
                obj["title"] = ""
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    if out:
        out.close()
        os.replace(notitles + ".tmp", notitles)
    cached[key] = {"articles": articles, "bytes": nbytes}
    with open(cache, "w", encoding="utf-8") as f:
        json.dump(cached, f)
    return cached[key]


# --- indexing -------------------------------------------------------------------------------

def disk_bytes(path):
    """Size on disk of a file or folder."""
    try:
        out = subprocess.run(["du", "-sk", path], capture_output=True, text=True, check=True)
        return int(out.stdout.split()[0]) * 1024
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        if os.path.isfile(path):
            return os.path.getsize(path)
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def remove_path(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def build_index(engine, db, paths, work, stats_name, skip_index=False):
    """Indexes @p paths into @p db unless @p skip_index and db exists. Returns
    {"seconds", "peak_rss_mb", "size_mb"} (cached as WORK/index-<stats_name>.json so a skipped
    index can still be reported); a reused index says so with "reused": true."""
    stats_file = os.path.join(work, f"index-{stats_name}.json")
    if skip_index and os.path.exists(db):
        log(f"reusing {db}")
        stats = {}
        if os.path.exists(stats_file):
            with open(stats_file, encoding="utf-8") as f:
                stats = json.load(f)
        return {**stats, "reused": True}
    remove_path(db)
    cmd = engine.index_cmd(db, paths)
    timev = os.path.exists("/usr/bin/time")
    rss_file = os.path.join(work, f"time-{stats_name}.txt")
    if timev:
        cmd = ["/usr/bin/time", "-v", "-o", rss_file] + cmd
    start = time.monotonic()
    run(cmd, ok=engine.ok)
    seconds = time.monotonic() - start
    rss_kb = None
    if timev and os.path.exists(rss_file):
        with open(rss_file, encoding="utf-8") as f:
            m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", f.read())
            rss_kb = int(m.group(1)) if m else None
    if rss_kb is None:  # max over all children so far: an upper bound
        rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stats = {"seconds": seconds, "peak_rss_mb": rss_kb / 1024, "size_mb": disk_bytes(db) / 1e6}
    with open(stats_file, "w", encoding="utf-8") as f:
        json.dump(stats, f)
    return stats


# --- naba's passages ------------------------------------------------------------------------

def naba_json(naba, db, query, n=10, passages=10, quiet=False):
    """`naba search --json` for one query. A query that does not parse (a stray quote or
    bracket in a question) is run again as plain words, as `naba search --batch` does; a query
    that still fails (exit 2) is logged and counts as no results, its message under "error"."""
    def search(text):
        return run([naba, "search", "--db", db, "--json", "--all-duplicates", "-n", str(n),
                    "--passages", str(passages), "--", text], quiet=quiet, check=False)
    res = search(query)
    if res.returncode not in NABA_OK and "unbalanced" in res.stderr:
        res = search(re.sub(r'["()]', " ", query))
    if res.returncode not in NABA_OK:
        msg = res.stderr.strip()[-300:]
        log(f"naba search failed (exit {res.returncode}) for {query!r}: {msg}")
        return {"results": [], "error": msg}
    return json.loads(res.stdout) if res.stdout.strip() else {"results": []}


def ranked_passages(result, limit=None):
    """All passages of a `naba search --json` answer, best score first (ties: result order)."""
    flat = []
    for r in result.get("results", []):
        for p in r.get("passages") or []:
            flat.append((-float(p.get("score", 0)), len(flat), r["id"], p))
    flat.sort(key=lambda t: (t[0], t[1]))
    out = [(doc, p) for _, _, doc, p in flat]
    return out[:limit] if limit else out


# --- sections -------------------------------------------------------------------------------

def known_item(engine, work, ev, notitles, skip_index=False):
    """Headlines searched in the no-title copy: {"mrr@10", "recall@10", "index": stats}."""
    db = engine.db(work, "notitles")
    stats = build_index(engine, db, [notitles], work, f"{engine.name}-notitles", skip_index)
    runf = os.path.join(work, "runs", f"{engine.name}-known_item.run")
    run(engine.batch_cmd(db, os.path.join(ev, "known_item_dev.tsv"), 10), stdout=runf,
        ok=engine.ok)
    res = trec_eval.evaluate(trec_eval.read_run(runf),
                             trec_eval.read_qrels(os.path.join(ev, "known_item_dev.qrels")),
                             ["mrr@10", "recall@10"])
    res["index"] = stats
    return res


def entities(engine, work, ev, db):
    """{kind: {"rprec", "p@10"}} over the top 1000 of each entity query."""
    runf = os.path.join(work, "runs", f"{engine.name}-entities.run")
    run(engine.batch_cmd(db, os.path.join(ev, "entities_dev.tsv"), 1000), stdout=runf,
        ok=engine.ok)
    return trec_eval.evaluate_groups(trec_eval.read_run(runf),
                                     trec_eval.read_qrels(os.path.join(ev, "entities_dev.qrels")),
                                     ["rprec", "p@10"])


def arcd(engine, work, ev, skip_index=False):
    """ARCD passage MRR@10: naba ranks passages of whole articles; a peer ranks paragraphs
    indexed as documents."""
    ad = os.path.join(ev, "arcd_dev")
    qrels = trec_eval.read_qrels(os.path.join(ad, "questions.qrels"))
    db = engine.db(work, "arcd")
    runf = os.path.join(work, "runs", f"{engine.name}-arcd.run")
    if not engine.is_naba:
        build_index(engine, db, [os.path.join(ad, "passages.jsonl")], work,
                    f"{engine.name}-arcd", skip_index)
        run(engine.batch_cmd(db, os.path.join(ad, "questions.tsv"), 10), stdout=runf)
        return trec_eval.evaluate(trec_eval.read_run(runf), qrels, ["mrr@10"])["mrr@10"]
    build_index(engine, db, [os.path.join(ad, "articles.jsonl")], work, "naba-arcd", skip_index)
    ranked = {}
    questions = read_tsv(os.path.join(ad, "questions.tsv"))
    log(f"(running the next command for each of {len(questions)} questions; showing the first)")
    with open(runf, "w", encoding="utf-8") as out:
        for i, (qid, question) in enumerate(questions):
            if i == 1:
                sys.stderr.write("...\n")
            res = naba_json(engine.exe, db, question, quiet=i > 0)
            ids = [f"{doc}-{int(p['paragraph']):02d}" for doc, p in ranked_passages(res)]
            ranked[qid] = ids  # duplicates kept: MRR is over ranked passages
            for r, pid in enumerate(ids):
                out.write(f"{qid} Q0 {pid} {r + 1} {-r} naba-passages\n")
    return trec_eval.evaluate(ranked, qrels, ["mrr@10"])["mrr@10"]


def dev_queries(ev):
    """Every known-item and entity dev query (the latency queries of bench/eval_quality.py)."""
    rows = []
    for name in ("known_item_dev.tsv", "entities_dev.tsv"):
        rows += read_tsv(os.path.join(ev, name))
    return rows


def latency(engine, work, db, batch, corpus, ids_only=False, name=None):
    """{"p50_ms", "p95_ms", "p99_ms", ...} of the @p batch queries, warm, one thread, top 10
    with highlighting (a peer that does not store text reads it from @p corpus), or with
    @p ids_only (peers only) the top 10 ids alone; None when the engine gives no figures.
    @p name (default: the engine's) names the figures and run files in WORK."""
    name = name or engine.name
    out = os.path.join(work, f"latency-{name}.json")
    if os.path.exists(out):
        os.remove(out)
    extra = ["--latency-json", out]
    if ids_only:
        extra.append("--ids-only")
    elif not engine.is_naba:
        extra += ["--corpus", corpus]
    res = run(engine.batch_cmd(db, batch, 10, extra),
              stdout=os.path.join(work, "runs", f"{name}-latency.run"), check=False)
    if res.returncode not in engine.ok or not os.path.exists(out):
        log(f"{name}: no latency figures ({res.stderr.strip()[-300:]})")
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def latency_over(engine, work, db, batches, corpus, ids_only=False):
    """latency() of each batch of @p batches ({"all": FILE, "short": FILE}, as
    write_latency_set returns), in one mode: {"all": figures, "short": figures}."""
    mode = "ids" if ids_only else "snippets"
    return {key: latency(engine, work, db, path, corpus, ids_only, f"{engine.name}-{mode}-{key}")
            for key, path in batches.items()}


# --- the latency query set ------------------------------------------------------------------

OPERATORS = {"AND", "OR", "NOT"}


def strip_punctuation(word):
    """@p word without the punctuation and symbols at its ends (marks inside it are kept)."""
    def edge(c):
        return unicodedata.category(c)[0] in "PS"
    start, end = 0, len(word)
    while start < end and edge(word[start]):
        start += 1
    while end > start and edge(word[end - 1]):
        end -= 1
    return word[start:end]


def latency_queries(corpus, n=1000, seed=16):
    """The latency query set drawn from @p corpus: (headlines, short), lists of (qid, query).
    headlines: @p n distinct headlines picked at random (all of them if fewer); short: @p n
    distinct spans of 1 or 2 consecutive words of random headlines, the punctuation at each
    word's ends stripped, skipping spans that are only punctuation or digits (no letter) and
    query operators. The same corpus and seed give the same queries."""
    titles, seen = [], set()
    with open_text(corpus) as f:
        for line in f:
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            title = obj.get("title") if isinstance(obj, dict) else None
            if isinstance(title, str) and title.strip():
                title = " ".join(title.split())
                if title not in seen:
                    seen.add(title)
                    titles.append(title)
    rng = random.Random(seed)
    headlines = rng.sample(titles, min(n, len(titles)))
    short, seen = [], set()
    for _ in range(50 * n if titles else 0):
        if len(short) == n:
            break
        words = rng.choice(titles).split()
        size = rng.choice((1, 2))
        start = rng.randrange(max(1, len(words) - size + 1))
        span = [strip_punctuation(w) for w in words[start:start + size]]
        text = " ".join(w for w in span if w)
        if not any(c.isalpha() for c in text) or OPERATORS & set(span) or text in seen:
            continue
        seen.add(text)
        short.append(text)
    return ([(f"h{i + 1:04d}", q) for i, q in enumerate(headlines)],
            [(f"s{i + 1:04d}", q) for i, q in enumerate(short)])


def write_latency_set(corpus, work, n=1000, seed=16):
    """Writes latency_queries() as WORK/queries-headlines.tsv and WORK/queries-short.tsv, and
    both in one WORK/queries-all.tsv; returns {"all": FILE, "short": FILE, "headlines": FILE,
    "counts": {"headlines": N, "short": N}}."""
    headlines, short = latency_queries(corpus, n, seed)
    files = {}
    for key, rows in (("headlines", headlines), ("short", short), ("all", headlines + short)):
        files[key] = os.path.join(work, f"queries-{key}.tsv")
        write_tsv(files[key], rows)
    log(f"latency set (seed {seed}): {len(headlines)} headlines and {len(short)} short queries "
        f"in {files['all']}")
    return {"all": files["all"], "short": files["short"], "headlines": files["headlines"],
            "counts": {"headlines": len(headlines), "short": len(short)}}


# --- the machine ----------------------------------------------------------------------------

def machine():
    cores = os.cpu_count()
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cores": cores, "memory_gb": mem_gb, "cpu": cpu}


def wait_for_quiet(max_wait, limit=1.0, poll=10):
    """The quiet-machine guard: records the load averages (1, 5, 15 min) when a run starts
    and, while the 1-minute load is >= @p limit, waits up to @p max_wait seconds for it to
    fall. Returns {"start": [...], "waited_s", "end": [...], "busy": the 1-minute load was
    still >= limit when the run went on}."""
    start = list(os.getloadavg())
    load, waited = start, 0.0
    if load[0] >= limit:
        log(f"load average {load[0]:.2f} >= {limit}: waiting up to {max_wait:.0f} s for a quiet "
            "machine")
    began = time.monotonic()
    while load[0] >= limit and waited < max_wait:
        time.sleep(min(poll, max_wait - waited))
        waited = time.monotonic() - began
        load = list(os.getloadavg())
    busy = load[0] >= limit
    if busy:
        log(f"WARNING: the machine is busy (1-minute load {load[0]:.2f} after waiting "
            f"{waited:.0f} s): going on, timings will be noisy")
    return {"start": start, "waited_s": round(waited, 1), "end": load, "busy": busy,
            "limit": limit}


def load_line(guard):
    """The page's bullet: the load averages when the run started (and after waiting)."""
    start, end = guard["start"], guard["end"]
    return (f"- Load average when the run started: {start[0]:.2f} / {start[1]:.2f} / "
            f"{start[2]:.2f} (1 / 5 / 15 min)"
            + (f"; waited {guard['waited_s']:.0f} s for it to fall below {guard['limit']:.1f}: "
               f"{end[0]:.2f}" if guard["waited_s"] else ""))


def busy_warning(guard):
    """The page's loud warning when the machine was still busy as the run went on, else []."""
    if not guard["busy"]:
        return []
    return [f"> **WARNING: the machine was busy.** The 1-minute load average was "
            f"{guard['end'][0]:.2f} (≥ {guard['limit']:.1f}) when the run went on after waiting "
            f"{guard['waited_s']:.0f} s: other work shared the cores, so these timings are "
            "inflated and noisy. Rerun alone on the machine before quoting them.", ""]


def gnuplot(script, path):
    """Runs gnuplot @p script (saved at @p path); False, said on stderr, if it cannot."""
    gp = shutil.which("gnuplot")
    if not gp:
        log("gnuplot not installed: no chart (apt-get install gnuplot-nox)")
        return False
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)
    res = subprocess.run([gp, path], capture_output=True, text=True)
    if res.returncode != 0:
        log(f"gnuplot failed: {res.stderr.strip()[-500:]}")
        return False
    return True


# A section another script keeps in the same page (bench/server_load.py's in benchmarks.md),
# carried over when the page is rewritten.
KEPT_SECTION = re.compile(r"<!-- server_load.py -->.*<!-- /server_load.py -->\n", re.S)


def write_page(path, lines):
    kept = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            m = KEPT_SECTION.search(f.read())
            kept = "\n\n" + m.group(0) if m else ""
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines).rstrip("\n") + kept if kept else "\n".join(lines))


def fmt_value(v, digits=3):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)
