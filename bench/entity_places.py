#!/usr/bin/env python3
"""Entity search on places that are NOT in the dev set: does the gazetteer generalise?

Usage: bench/entity_places.py --db INDEX [--naba build/cli/naba]
       [--corpus ../shared/corpus/news.jsonl.gz] [--work /tmp/naba-places]
       [--compare NABA2 DB2]  (the same queries on another binary and index, e.g. main's)

Fourteen places (two of several words: دير الزور, الغوطة الشرقية), each named four ways like
../shared/eval/entities_dev.tsv: canonical Arabic, with clitics, another spelling (or harakat or
tatweel), and Latin. Relevance is found the way ../shared/eval/README.md describes: every article
whose title or body holds the name as a whole word, allowing attached و ف ب ل ك and the article
ال/لل, after folding hamza-alef forms, ة/ه, ى/ي, harakat and tatweel (bench/eval_quality.py's
place_spellings and mention_pattern, as checked against entities_dev.qrels).

Reports per query kind: R-precision and P@10 (bench/trec_eval.py), and subject@10: the share of
the top 10 articles whose TITLE names the place (are about it, rather than brushing past it).
Writes WORK/places.tsv, WORK/places.qrels, WORK/<tag>.run and WORK/places.json.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trec_eval  # noqa: E402
from eval_quality import KINDS, log, mention_pattern, place_spellings, run  # noqa: E402

# id: canonical, clitic, variant (spelling, harakat or tatweel), Latin
PLACES = {
    "aleppo": ("حلب", "وبحلب", "حَلَب", "Aleppo"),
    "mosul": ("الموصل", "بالموصل", "المَوصِل", "Mosul"),
    "idlib": ("إدلب", "بإدلب", "ادلب", "Idlib"),
    "deirezzor": ("دير الزور", "بدير الزور", "ديرالزور", "Deir ez-Zor"),
    "hodeidah": ("الحديدة", "بالحديدة", "الحديده", "Hodeidah"),
    "homs": ("حمص", "وحمص", "حِمص", "Homs"),
    "ghouta": ("الغوطة الشرقية", "بالغوطة الشرقية", "الغوطه الشرقيه", "Eastern Ghouta"),
    "afrin": ("عفرين", "بعفرين", "عفريـن", "Afrin"),
    "sochi": ("سوتشي", "بسوتشي", "سوتشى", "Sochi"),
    "benghazi": ("بنغازي", "ببنغازي", "بنغازى", "Benghazi"),
    "fallujah": ("الفلوجة", "بالفلوجة", "الفلوجه", "Fallujah"),
    "manbij": ("منبج", "بمنبج", "منبـج", "Manbij"),
    "taiz": ("تعز", "بتعز", "تَعِز", "Taiz"),
    "kirkuk": ("كركوك", "بكركوك", "كركـوك", "Kirkuk"),
}

# Fast folding for relevance (no offsets needed): harakat and tatweel dropped, letters folded.
_FOLD = {c: None for c in list(range(0x064B, 0x0660)) + [0x0670, 0x0640]}
_FOLD.update({ord(a): b for a, b in {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه",
                                       "ى": "ي"}.items()})


def articles(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                yield str(a.get("id", "")), a.get("title") or "", a.get("body") or ""


def judge(corpus, work):
    """Writes WORK/places.qrels; returns {place: set of relevant ids}, {place: titles naming it}."""
    patterns = {}
    for place, forms in PLACES.items():
        spellings, article = place_spellings(dict(zip(KINDS, forms)))
        patterns[place] = mention_pattern(spellings, article)
        log(f"mentions of {place}: {sorted(spellings)}" + (" with ال/لل" if article else ""))
    relevant = {p: set() for p in PLACES}
    in_title = {p: set() for p in PLACES}
    for doc, title, body in articles(corpus):
        folded_title = title.translate(_FOLD)
        text = folded_title + "\n" + body.translate(_FOLD)
        for place, pat in patterns.items():
            if pat.search(text):
                relevant[place].add(doc)
                if pat.search(folded_title):
                    in_title[place].add(doc)
    with open(os.path.join(work, "places.qrels"), "w", encoding="utf-8") as f:
        for place in PLACES:
            for kind in KINDS:
                for doc in sorted(relevant[place]):
                    f.write(f"{place}-{kind} 0 {doc} 1\n")
    return relevant, in_title


def evaluate(naba, db, work, tag, in_title):
    queries = os.path.join(work, "places.tsv")
    runf = os.path.join(work, f"{tag}.run")
    run([naba, "search", "--db", db, "--batch", queries, "--all-duplicates", "-n", "1000"],
        stdout=runf, ok=(0, 1))
    ranked = trec_eval.read_run(runf)
    qrels = trec_eval.read_qrels(os.path.join(work, "places.qrels"))
    scores = trec_eval.evaluate_groups(ranked, qrels, ["rprec", "p@10"])
    per_query = trec_eval.per_query(ranked, qrels, ["rprec"])
    for kind in KINDS:
        about = [sum(d in in_title[p] for d in ranked.get(f"{p}-{kind}", [])[:10]) / 10
                 for p in PLACES]
        scores[kind]["subject@10"] = sum(about) / len(about)
    return scores, per_query


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--naba", default=os.path.join(root, "build", "cli", "naba"))
    ap.add_argument("--db", required=True)
    ap.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpus",
                                                     "news.jsonl.gz"))
    ap.add_argument("--work", default="/tmp/naba-places")
    ap.add_argument("--compare", nargs=2, metavar=("NABA", "DB"))
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        print(f"entity_places: {args.corpus} not found; skipping")
        return 0
    os.makedirs(args.work, exist_ok=True)
    with open(os.path.join(args.work, "places.tsv"), "w", encoding="utf-8") as f:
        for place, forms in PLACES.items():
            for kind, text in zip(KINDS, forms):
                f.write(f"{place}-{kind}\t{text}\n")
    relevant, in_title = judge(args.corpus, args.work)
    log("relevant articles: " + ", ".join(f"{p} {len(r)}" for p, r in relevant.items()))
    engines = [("naba", args.naba, args.db)]
    if args.compare:
        engines.append(("compare", *args.compare))
    out = {"relevant": {p: len(r) for p, r in relevant.items()}}
    print("| engine | kind | R-prec | P@10 | subject@10 |")
    print("|---|---|---|---|---|")
    for tag, naba, db in engines:
        scores, per_query = evaluate(naba, db, args.work, tag, in_title)
        out[tag] = {"binary": naba, "db": db, "scores": scores,
                    "rprec_per_query": {q: m["rprec"] for q, m in per_query.items()}}
        for kind in KINDS:
            s = scores[kind]
            print(f"| {tag} | {kind} | {s['rprec']:.3f} | {s['p@10']:.3f} | "
                  f"{s['subject@10']:.3f} |")
    with open(os.path.join(args.work, "places.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
    log(f"wrote {os.path.join(args.work, 'places.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
