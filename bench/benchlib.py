"""Pieces shared by bench/eval_quality.py and bench/peers.py: running engines, the corpus
copies they need, indexing with wall time / peak RSS / size, and the sections that score an
engine on the shared evaluation sets (../shared/eval/README.md) with bench/trec_eval.py.

An Engine is naba (`naba index|search`) or a peer baseline with the command line of
bench/baseline_driver.h (`naba_bench_X index DB PATH...`, `naba_bench_X search DB --batch ...`).
"""
import gzip
import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trec_eval  # noqa: E402

KINDS = ("canonical", "clitic", "variant", "latin")
# naba exits 1 for "some lines skipped" (index) and "no results" (search), 2 on errors; the
# baselines exit 0 or fail with 1 or 2, which they report on stderr.
NABA_OK = (0, 1)


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
    """The latency query set: every known-item and entity dev query."""
    rows = []
    for name in ("known_item_dev.tsv", "entities_dev.tsv"):
        rows += read_tsv(os.path.join(ev, name))
    return rows


def latency(engine, work, db, batch, corpus):
    """{"p50_ms", "p95_ms", "p99_ms", ...} of the @p batch queries, warm, one thread, top 10
    with highlighting (a peer that does not store text reads it from @p corpus); None when
    the engine gives no figures."""
    out = os.path.join(work, f"latency-{engine.name}.json")
    if os.path.exists(out):
        os.remove(out)
    extra = ["--latency-json", out] + ([] if engine.is_naba else ["--corpus", corpus])
    res = run(engine.batch_cmd(db, batch, 10, extra),
              stdout=os.path.join(work, "runs", f"{engine.name}-latency.run"), check=False)
    if res.returncode not in engine.ok or not os.path.exists(out):
        log(f"{engine.name}: no latency figures ({res.stderr.strip()[-300:]})")
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def fmt_value(v, digits=3):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)
