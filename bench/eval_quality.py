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
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (KINDS, Engine, arcd, build_index, corpus_stats, dev_queries,  # noqa: E402
                      entities, fmt_value, known_item, latency, log, naba_json, ranked_passages,
                      read_tsv, write_tsv)

ENGINES = ("naba", "xapian")
TARGET_KINDS = ("canonical", "clitic", "variant")


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
        res = naba_json(args.naba, db, text, quiet=not first)
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
    exes = {"naba": args.naba, "xapian": args.xapian}
    for e in engines:
        if not os.access(exes[e], os.X_OK):
            print(f"eval_quality: {exes[e]} not built", file=sys.stderr)
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

    batch = os.path.join(args.work, "latency.tsv")
    write_tsv(batch, dev_queries(ev))
    for e in engines:
        engine = Engine(e, e, exes[e])
        full = engine.db(args.work, "full")
        section("index", e, build_index, engine, full, [args.corpus], args.work, f"{e}-full",
                args.skip_index)
        section("known_item", e, known_item, engine, args.work, ev, notitles, args.skip_index)
        section("entities", e, entities, engine, args.work, ev, full)
        section("arcd", e, arcd, engine, args.work, ev, args.skip_index)
        if e == "naba":
            section("highlights", e, highlights, args, ev, full)
        section("latency", e, latency, engine, args.work, full, batch, args.corpus)

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
