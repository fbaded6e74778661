#!/usr/bin/env python3
"""Quality, speed and size of naba against plain Xapian on the shared evaluation sets.

Usage: bench/eval_quality.py [--naba build/cli/naba] [--xapian build/bench/naba_bench_xapian]
       [--work /tmp/naba-eval] [--corpus ../shared/corpus/news.jsonl.gz] [--eval ../shared/eval]
       [--skip-index] [--only naba|xapian]

Sections (see ../shared/eval/README.md):
  known-item  headlines searched in a copy of the corpus with every title "" (MRR@10, Recall@10)
  entities    places named four ways, -n 1000 (R-precision and P@10 per query kind)
  arcd        ARCD questions; naba ranks passages of whole articles, Xapian ranks paragraphs
              indexed as documents (MRR@10 over paragraphs)
  highlights  naba's top 10 passages per entity query: share of highlights that are mentions of
              the place, share of mentions that are highlighted
  speed       indexing the full corpus (wall s, peak RSS, articles/s, MB/s of title+body UTF-8,
              size on disk) and query latency p50/p99 (warm, highlighting included)
Prints a markdown table, writes it as JSON to WORK/quality.json and the commands run to stderr.
"""
import argparse
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

ENGINES = ("naba", "xapian")
KINDS = ("canonical", "clitic", "variant", "latin")
TARGET_KINDS = ("canonical", "clitic", "variant")
# naba exits 1 for "some lines skipped" (index) and "no results" (search), 2 on errors; the
# baseline exits 0 or fails with 1 or 2, which it reports on stderr.
NABA_OK = (0, 1)


def ok_codes(engine):
    return NABA_OK if engine == "naba" else (0,)


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

def dir_bytes(path):
    try:
        out = subprocess.run(["du", "-sk", path], capture_output=True, text=True, check=True)
        return int(out.stdout.split()[0]) * 1024
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def build_index(cmd, db, args, stats_name):
    """Indexes with cmd unless --skip-index and db exists. Returns timing stats (also cached as
    WORK/index-<stats_name>.json so --skip-index can still report them), or None."""
    stats_file = os.path.join(args.work, f"index-{stats_name}.json")
    if args.skip_index and os.path.exists(db):
        log(f"reusing {db}")
        if os.path.exists(stats_file):
            with open(stats_file, encoding="utf-8") as f:
                return json.load(f)
        return None
    if os.path.exists(db):
        shutil.rmtree(db)
    timev = os.path.exists("/usr/bin/time")
    full = cmd
    rss_file = os.path.join(args.work, f"time-{stats_name}.txt")
    if timev:
        full = ["/usr/bin/time", "-v", "-o", rss_file] + cmd
    start = time.monotonic()
    run(full, ok=ok_codes("naba" if cmd[0] == args.naba else "xapian"))
    seconds = time.monotonic() - start
    rss_kb = None
    if timev and os.path.exists(rss_file):
        with open(rss_file, encoding="utf-8") as f:
            m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", f.read())
            rss_kb = int(m.group(1)) if m else None
    if rss_kb is None:  # max over all children so far: an upper bound
        rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stats = {"seconds": seconds, "peak_rss_mb": rss_kb / 1024, "size_mb": dir_bytes(db) / 1e6}
    with open(stats_file, "w", encoding="utf-8") as f:
        json.dump(stats, f)
    return stats


def index_cmd(engine, args, db, paths):
    if engine == "naba":
        return [args.naba, "index", "--db", db] + paths
    return [args.xapian, "index", db] + paths


def batch_cmd(engine, args, db, batch, n, extra=()):
    if engine == "naba":
        return [args.naba, "search", "--db", db, "--batch", batch, "--all-duplicates", "-n",
                str(n)] + list(extra)
    return [args.xapian, "search", db, "--batch", batch, "-n", str(n)] + list(extra)


def naba_json(args, db, query, n=10, passages=10, quiet=False):
    """`naba search --json` for one query; a failed query (exit 2) is logged and counts as no
    results, with its message under "error"."""
    res = run([args.naba, "search", "--db", db, "--json", "--all-duplicates", "-n", str(n),
               "--passages", str(passages), "--", query], quiet=quiet, check=False)
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


# --- mentions of a place --------------------------------------------------------------------

_DROP = set(range(0x064B, 0x0660)) | {0x0670, 0x0640}
_MAP = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}


def fold(text):
    """Folded text and, per folded character, its code-point offset in @p text."""
    chars, offsets = [], []
    for i, ch in enumerate(text):
        if ord(ch) in _DROP:
            continue
        chars.append(_MAP.get(ch, ch))
        offsets.append(i)
    return "".join(chars), offsets


_ARABIC = re.compile(r"[\u0600-\u06FF]")


def place_spellings(queries):
    """(folded spellings without ال, takes_article) for one place's queries {kind: text}.

    takes_article is true when the canonical name is written with ال (الرقة): a mention then
    needs ال/لل (الرقة, للرقة, والرقة; not رقة, which is also part of فرقة/ورقة); a name
    without it (درعا, أستانا) takes no article (الأستانة is another place). This is how the
    entities qrels were built (checked against entities_dev.qrels)."""
    canonical = fold(queries.get("canonical", ""))[0].strip()
    article = canonical.startswith("ال")
    bases = set()
    for kind in ("canonical", "variant"):  # written as a name: only a leading ال to drop
        q = fold(queries.get(kind, ""))[0].strip()
        if _ARABIC.search(q):
            bases.add(q[2:] if q.startswith("ال") and len(q) > 3 else q)
    for kind, text in queries.items():  # clitic forms: keep a strip that gives a known base
        q = fold(text)[0].strip()
        if kind in ("canonical", "variant") or not _ARABIC.search(q):
            continue
        cands = _clitic_strips(q)
        if not any(c in bases for c in cands):
            bases.add(min(cands, key=len) if cands else q)
    return bases, article


def _clitic_strips(q):
    """Every way to remove leading (و|ف)?(ب|ل|ك)?(ال|لل)? from q leaving 2+ letters."""
    out = []
    for w in ("", "و", "ف"):
        for b in ("", "ب", "ل", "ك"):
            for a in ("", "ال", "لل"):
                p = w + b + a
                if q.startswith(p) and len(q) - len(p) >= 2:
                    out.append(q[len(p):])
    return out


def mention_pattern(spellings, article=True):
    """Whole-word (و|ف)?(ب|ل|ك)?(ال|لل)NAME on folded text; no article when @p article is
    false. Word characters are Python's \\w (letters of any script, digits)."""
    names = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    art = "(?:ال|لل)" if article else ""
    return re.compile(r"(?<!\w)(?:و|ف)?(?:ب|ل|ك)?" + art + "(?:" + names + r")(?!\w)")


def find_mentions(text, pattern):
    """[start, end) code-point spans in @p text of whole-word mentions matched on folded text."""
    folded, offsets = fold(text)
    return [(offsets[m.start()], offsets[m.end() - 1] + 1) for m in pattern.finditer(folded)]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


# --- sections -------------------------------------------------------------------------------

def known_item(engine, args, ev, notitles):
    db = os.path.join(args.work, f"{engine}-notitles")
    build_index(index_cmd(engine, args, db, [notitles]), db, args, f"{engine}-notitles")
    runf = os.path.join(args.work, "runs", f"{engine}-known_item.run")
    run(batch_cmd(engine, args, db, os.path.join(ev, "known_item_dev.tsv"), 10), stdout=runf,
        ok=ok_codes(engine))
    return trec_eval.evaluate(trec_eval.read_run(runf),
                              trec_eval.read_qrels(os.path.join(ev, "known_item_dev.qrels")),
                              ["mrr@10", "recall@10"])


def entities(engine, args, ev, db):
    runf = os.path.join(args.work, "runs", f"{engine}-entities.run")
    run(batch_cmd(engine, args, db, os.path.join(ev, "entities_dev.tsv"), 1000), stdout=runf,
        ok=ok_codes(engine))
    return trec_eval.evaluate_groups(trec_eval.read_run(runf),
                                     trec_eval.read_qrels(os.path.join(ev, "entities_dev.qrels")),
                                     ["rprec", "p@10"])


def arcd(engine, args, ev):
    ad = os.path.join(ev, "arcd_dev")
    qrels = trec_eval.read_qrels(os.path.join(ad, "questions.qrels"))
    db = os.path.join(args.work, f"{engine}-arcd")
    runf = os.path.join(args.work, "runs", f"{engine}-arcd.run")
    if engine == "xapian":
        build_index(index_cmd(engine, args, db, [os.path.join(ad, "passages.jsonl")]), db, args,
                    "xapian-arcd")
        run(batch_cmd(engine, args, db, os.path.join(ad, "questions.tsv"), 10), stdout=runf)
        return trec_eval.evaluate(trec_eval.read_run(runf), qrels, ["mrr@10"])["mrr@10"]
    build_index(index_cmd(engine, args, db, [os.path.join(ad, "articles.jsonl")]), db, args,
                "naba-arcd")
    ranked = {}
    questions = read_tsv(os.path.join(ad, "questions.tsv"))
    log(f"(running the next command for each of {len(questions)} questions; showing the first)")
    with open(runf, "w", encoding="utf-8") as out:
        for i, (qid, question) in enumerate(questions):
            if i == 1:
                sys.stderr.write("...\n")
            res = naba_json(args, db, question, quiet=i > 0)
            ids = [f"{doc}-{int(p['paragraph']):02d}" for doc, p in ranked_passages(res)]
            ranked[qid] = ids  # duplicates kept: MRR is over ranked passages
            for r, pid in enumerate(ids):
                out.write(f"{qid} Q0 {pid} {r + 1} {-r} naba-passages\n")
    return trec_eval.evaluate(ranked, qrels, ["mrr@10"])["mrr@10"]


def highlights(args, ev, db):
    queries = read_tsv(os.path.join(ev, "entities_dev.tsv"))
    places = {}
    for qid, text in queries:
        place, _, kind = qid.rpartition("-")
        places.setdefault(place, {})[kind] = text
    patterns = {p: mention_pattern(*place_spellings(qs)) for p, qs in places.items()}
    for p, qs in places.items():
        names, article = place_spellings(qs)
        log(f"mentions of {p}: {sorted(names)}" + (" with ال/لل" if article else ""))
    tot = {"spans": 0, "spans_ok": 0, "mentions": 0, "mentions_hit": 0}
    per_kind = {}
    first = True
    for qid, text in queries:
        place, _, kind = qid.rpartition("-")
        if kind not in TARGET_KINDS:
            continue
        if first:
            log("(running the next command for each entity query of kinds "
                f"{', '.join(TARGET_KINDS)}; showing the first)")
        res = naba_json(args, db, text, quiet=not first)
        first = False
        k = per_kind.setdefault(kind, dict.fromkeys(tot, 0))
        for _, p in ranked_passages(res, 10):
            ptext = p.get("text", "")
            spans = [tuple(h) for h in p.get("highlights") or []]
            mentions = find_mentions(ptext, patterns[place])
            ok = sum(1 for s in spans if any(overlaps(s, m) for m in mentions))
            hit = sum(1 for m in mentions if any(overlaps(s, m) for s in spans))
            for d in (tot, k):
                d["spans"] += len(spans)
                d["spans_ok"] += ok
                d["mentions"] += len(mentions)
                d["mentions_hit"] += hit

    def ratios(d):
        return {"precision": d["spans_ok"] / d["spans"] if d["spans"] else None,
                "recall": d["mentions_hit"] / d["mentions"] if d["mentions"] else None, **d}
    return ratios(tot), {k: ratios(v) for k, v in per_kind.items()}


def latency(engine, args, ev, db):
    batch = os.path.join(args.work, "latency.tsv")
    with open(batch, "w", encoding="utf-8") as f:
        for name in ("known_item_dev.tsv", "entities_dev.tsv"):
            for qid, text in read_tsv(os.path.join(ev, name)):
                f.write(f"{qid}\t{text}\n")
    out = os.path.join(args.work, f"latency-{engine}.json")
    if os.path.exists(out):
        os.remove(out)
    extra = ["--latency-json", out] + (["--corpus", args.corpus] if engine == "xapian" else [])
    res = run(batch_cmd(engine, args, db, batch, 10, extra),
              stdout=os.path.join(args.work, "runs", f"{engine}-latency.run"), check=False)
    if res.returncode not in ok_codes(engine) or not os.path.exists(out):
        log(f"{engine}: no latency figures ({res.stderr.strip()[-300:]})")
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


# --- report ---------------------------------------------------------------------------------

def fmt_value(v, digits=3):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--naba", default=os.path.join(root, "build", "cli", "naba"))
    ap.add_argument("--xapian", default=os.path.join(root, "build", "bench", "naba_bench_xapian"))
    ap.add_argument("--work", default="/tmp/naba-eval")
    ap.add_argument("--corpus",
                    default=os.path.join(root, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--eval", default=os.path.join(root, "..", "shared", "eval"))
    ap.add_argument("--skip-index", action="store_true", help="reuse indexes already in WORK")
    ap.add_argument("--only", choices=ENGINES)
    args = ap.parse_args()
    ev = os.path.normpath(args.eval)
    args.corpus = os.path.normpath(args.corpus)
    if not os.path.isdir(ev) or not os.path.exists(args.corpus):
        print(f"eval_quality: {ev} or {args.corpus} not found; skipping")
        return 0
    engines = [args.only] if args.only else list(ENGINES)
    for e in engines:
        exe = args.naba if e == "naba" else args.xapian
        if not os.access(exe, os.X_OK):
            print(f"eval_quality: {exe} not built", file=sys.stderr)
            return 1
    os.makedirs(os.path.join(args.work, "runs"), exist_ok=True)
    notitles = os.path.join(args.work, "notitles.jsonl.gz")
    cstats = corpus_stats(args.corpus, args.work, notitles)
    log(f"corpus: {cstats['articles']} articles, {cstats['bytes'] / 1e6:.1f} MB title+body")

    res = {e: {} for e in ENGINES}

    def section(name, e, fn, *a):
        try:
            res[e][name] = fn(*a)
        except Exception as ex:  # one broken section must not hide the others
            log(f"{e} {name}: FAILED: {ex}")
            res[e][name] = None

    for e in engines:
        full = os.path.join(args.work, f"{e}-full")
        section("index", e, build_index, index_cmd(e, args, full, [args.corpus]), full, args,
                f"{e}-full")
        section("known_item", e, known_item, e, args, ev, notitles)
        section("entities", e, entities, e, args, ev, full)
        section("arcd", e, arcd, e, args, ev)
        if e == "naba":
            section("highlights", e, highlights, args, ev, full)
        section("latency", e, latency, e, args, ev, full)

    def get(e, *path):
        v = res[e]
        for p in path:
            if not isinstance(v, dict) or v.get(p) is None:
                return None
            v = v[p]
        return v

    rows = []

    def row(metric, target, *path, fn=None):
        vals = {}
        for e in ENGINES:
            v = get(e, *path)
            vals[e] = fn(v) if (fn and v is not None) else v
        rows.append({"metric": metric, "naba": vals["naba"], "xapian": vals["xapian"],
                     "target": target})

    row("known-item MRR@10", "≥ 0.70", "known_item", "mrr@10")
    row("known-item Recall@10", "", "known_item", "recall@10")
    for kind in KINDS:
        row(f"entity R-prec {kind}", "≥ 0.95" if kind in TARGET_KINDS else "", "entities", kind,
            "rprec")
    for kind in KINDS:
        row(f"entity P@10 {kind}", "", "entities", kind, "p@10")
    row("ARCD passage MRR@10", "≥ 0.83", "arcd")
    row("highlight precision", "1.0", "highlights", fn=lambda h: h[0]["precision"])
    row("highlight recall", "1.0", "highlights", fn=lambda h: h[0]["recall"])
    row("index wall seconds (full corpus)", "", "index", "seconds")
    row("index articles/s", "", "index", "seconds", fn=lambda s: cstats["articles"] / s)
    row("index MB/s (title+body)", "", "index", "seconds", fn=lambda s: cstats["bytes"] / 1e6 / s)
    row("index peak RSS MB", "", "index", "peak_rss_mb")
    row("index size MB", "", "index", "size_mb")
    row("query latency p50 ms", "", "latency", "p50_ms")
    row("query latency p99 ms", "", "latency", "p99_ms")

    print("| metric | naba | plain Xapian | target |")
    print("|---|---|---|---|")
    for r in rows:
        m = r["metric"]
        digits = (0 if "articles/s" in m else 2 if ("MB/s" in m or " ms" in m)
                  else 1 if ("MB" in m or "seconds" in m) else 3)
        print(f"| {r['metric']} | {fmt_value(r['naba'], digits)} | "
              f"{fmt_value(r['xapian'], digits)} | {r['target']} |")
    detail = {e: res[e] for e in engines}
    if "naba" in engines and res["naba"].get("highlights"):
        h = res["naba"]["highlights"]
        detail["naba"]["highlights"] = {"all": h[0], "per_kind": h[1]}
    with open(os.path.join(args.work, "quality.json"), "w", encoding="utf-8") as f:
        json.dump({"corpus": cstats, "rows": rows, "details": detail}, f, ensure_ascii=False,
                  indent=1)
    log(f"wrote {os.path.join(args.work, 'quality.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
