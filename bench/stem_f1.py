#!/usr/bin/env python3
"""Stem conflation F1 of `naba analyze --format tsv` on a word<TAB>group gold file.

Pairwise method (../shared/eval/README.md): over pairs of distinct words,
precision = share of pairs the stemmer puts together that share a gold group;
recall = share of same-group pairs the stemmer puts together.
Usage: bench/stem_f1.py [--naba build/cli/naba] [--gold ../shared/eval/stem_gold_dev.tsv]
       [--errors N]   (print N wrongly merged and N wrongly split examples)
       [--fold-gold-marks]  (also score with the gold's groups folded of their diacritics
                            and hamza forms: a diagnostic, not the eval README's score)
"""
import argparse, collections, itertools, os, re, subprocess, sys

# The lemma gold writes one lemma with and without some of its marks (عَام/N
# beside عام/N, وِلَايَة/N beside وِلايَة/N), so words of one lemma fall in two groups.
GOLD_MARKS = re.compile("[\u064b-\u0652\u0670]")
GOLD_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--naba", default=os.path.join(root, "build", "cli", "naba"))
    ap.add_argument("--gold", default=os.path.join(root, "..", "shared", "eval", "stem_gold_dev.tsv"))
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--fold-gold-marks", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.gold):
        print(f"stem_f1: {args.gold} not found; skipping", file=sys.stderr)
        return 0
    gold = {}
    for line in open(args.gold, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2 and parts[0]:
            gold[parts[0]] = parts[1]
    words = sorted(gold)
    out = subprocess.run([args.naba, "analyze", "--format", "tsv"], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    if len(out) != len(words):
        sys.exit(f"stem_f1: {len(words)} words in, {len(out)} tokens out: a gold word split in two")
    term = {}
    for i, (word, row) in enumerate(zip(words, out)):
        original, t = row.split("\t")
        term[word] = t if t else f"<stop:{i}>"  # a stop word conflates with nothing

    def pairs(key):
        groups = collections.defaultdict(list)
        for w in words:
            groups[key(w)].append(w)
        return {frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)}

    def score(gold_pairs, pred_pairs):
        tp = len(gold_pairs & pred_pairs)
        p = tp / len(pred_pairs) if pred_pairs else 0.0
        r = tp / len(gold_pairs) if gold_pairs else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    gold_pairs, pred_pairs = pairs(gold.get), pairs(term.get)
    print(f"words {len(words)}  gold pairs {len(gold_pairs)}  predicted pairs {len(pred_pairs)}")
    print("precision %.3f  recall %.3f  F1 %.3f" % score(gold_pairs, pred_pairs))
    if args.fold_gold_marks:
        folded = pairs(lambda w: GOLD_MARKS.sub("", gold[w]).translate(GOLD_ALEFS))
        print("gold groups folded of marks (diagnostic): precision %.3f  recall %.3f  F1 %.3f"
              % score(folded, pred_pairs))
    if args.errors:
        print("-- merged but not in one gold group:")
        for pair in list(pred_pairs - gold_pairs)[: args.errors]:
            a, b = sorted(pair)
            print(f"  {a} ({gold[a]}) + {b} ({gold[b]}) -> {term[a]}")
        print("-- one gold group, split apart:")
        for pair in list(gold_pairs - pred_pairs)[: args.errors]:
            a, b = sorted(pair)
            print(f"  {a} -> {term[a]}   {b} -> {term[b]}   (gold {gold[a]})")
    return 0

if __name__ == "__main__":
    sys.exit(main())
