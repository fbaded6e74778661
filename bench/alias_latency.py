#!/usr/bin/env python3
"""Query latency with user aliases against the same queries without them, in one run.

Usage: bench/alias_latency.py --db INDEX [--naba build/cli/naba] [--eval ../shared/eval]
       [--work /tmp/naba-alias-latency] [--rounds 3]

INDEX must be writable (the aliases file goes beside it); an aliases file already there is put
back afterwards. The queries are those of bench/eval_quality.py's latency section
(known_item_dev.tsv then entities_dev.tsv). The aliases (ALIASES below) give every entity query's
place user spellings, of one word and of several, and add names of the user's own, so each entity
query is expanded to an OR of its gazetteer term and several phrases. Rounds alternate without /
with aliases; each is `naba search --batch --latency-json` (one warm pass, then a timed pass).
Prints p50/p99 per mode (median over rounds) and the ratios with/without.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_quality import log, read_tsv, run  # noqa: E402

ALIASES = {
    "الرقة": ["Raqa", "عاصمة الخلافة", "الرقة السورية", "مدينة الرقة المحررة"],
    "درعا": ["Deraa City", "مهد الثورة", "درعا البلد"],
    "التنف": ["At Tanf", "قاعدة التنف", "معبر التنف الحدودي"],
    "أستانا": ["Nursultan", "عاصمة كازاخستان", "محادثات أستانا"],
    "قسد": ["Rojava forces", "قوات قسد"],
    "Talal Silo": ["طلال سلو", "سلو"],
    "المرصد": ["المرصد السوري لحقوق الإنسان", "SOHR"],
    "هيئة تحرير الشام": ["HTS", "تحرير الشام"],
}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--naba", default=os.path.join(root, "build", "cli", "naba"))
    ap.add_argument("--db", required=True)
    ap.add_argument("--eval", default=os.path.join(root, "..", "shared", "eval"))
    ap.add_argument("--work", default="/tmp/naba-alias-latency")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not os.path.isdir(args.eval) or not os.path.isdir(args.db):
        print(f"alias_latency: {args.eval} or {args.db} not found; skipping")
        return 0
    os.makedirs(args.work, exist_ok=True)
    batch = os.path.join(args.work, "latency.tsv")
    with open(batch, "w", encoding="utf-8") as f:
        for name in ("known_item_dev.tsv", "entities_dev.tsv"):
            for qid, text in read_tsv(os.path.join(args.eval, name)):
                f.write(f"{qid}\t{text}\n")
    aliases = os.path.join(args.db, "aliases.tsv")
    saved = aliases + ".bench-saved"
    if os.path.exists(aliases):
        shutil.move(aliases, saved)
    modes = {"without": [], "with": []}
    try:
        for name, spellings in ALIASES.items():
            run([args.naba, "alias", "add", "--db", args.db, name, *spellings])
        with_file = os.path.join(args.work, "aliases.tsv")
        shutil.copy(aliases, with_file)
        for r in range(args.rounds):
            order = ("without", "with") if r % 2 == 0 else ("with", "without")
            for mode in order:
                if mode == "with":
                    shutil.copy(with_file, aliases)
                elif os.path.exists(aliases):
                    os.remove(aliases)
                out = os.path.join(args.work, f"latency-{mode}-{r}.json")
                run([args.naba, "search", "--db", args.db, "--batch", batch, "--all-duplicates",
                     "-n", "10", "--latency-json", out],
                    stdout=os.path.join(args.work, f"{mode}-{r}.run"), ok=(0, 1))
                with open(out, encoding="utf-8") as f:
                    modes[mode].append(json.load(f))
    finally:
        if os.path.exists(aliases):
            os.remove(aliases)
        if os.path.exists(saved):
            shutil.move(saved, aliases)
    res = {}
    for mode, rows in modes.items():
        res[mode] = {k: statistics.median(r[k] for r in rows) for k in ("p50_ms", "p99_ms")}
        res[mode]["rounds"] = rows
    res["ratio_p50"] = res["with"]["p50_ms"] / res["without"]["p50_ms"]
    res["ratio_p99"] = res["with"]["p99_ms"] / res["without"]["p99_ms"]
    print("| mode | p50 ms | p99 ms |")
    print("|---|---|---|")
    for mode in ("without", "with"):
        print(f"| {mode} aliases | {res[mode]['p50_ms']:.2f} | {res[mode]['p99_ms']:.2f} |")
    print(f"| ratio with/without | {res['ratio_p50']:.3f} | {res['ratio_p99']:.3f} |")
    with open(os.path.join(args.work, "alias_latency.json"), "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
