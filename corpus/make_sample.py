#!/usr/bin/env python3
"""Build corpus/sample.jsonl, the small Arabic news sample bundled with naba.

Usage (from anywhere):

    python3 corpus/make_sample.py [PATH/TO/news.jsonl.gz]

The default input is ../shared/corpus/news.jsonl.gz relative to the repository
root. Only ANT Corpus articles (ids JA-, AL-, BB-, CN-, FR-, SK-) are eligible;
SaudiNewsNet (SNN-) articles are never bundled (licence: CC BY-NC-SA).

The selection is deterministic: every ordering uses a salted SHA-1 of the
article id, so re-running on the same input gives a byte-identical file.
Articles are written sorted by id, one JSON object a line, with the original
field order and values (json.dumps(..., ensure_ascii=False)).

The script also copies seed_article.txt (next to the input) and the ANT
LICENSE (upstream/antcorpus.data/LICENSE next to the input) into corpus/
when they exist. Python 3 standard library only.
"""

import gzip
import hashlib
import json
import os
import re
import shutil
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
DEFAULT_INPUT = os.path.join(REPO_ROOT, "..", "shared", "corpus", "news.jsonl.gz")
OUT_SAMPLE = os.path.join(HERE, "sample.jsonl")

ANT_PREFIXES = ("JA", "AL", "BB", "CN", "FR", "SK")
SALT = "naba-sample-v1"
TARGET_TOTAL = 400
MAX_BYTES = 4 * 1024 * 1024      # hard limit for sample.jsonl
MAX_SYRIA_LINE = 12 * 1024       # skip very long articles when picking
MAX_FILL_LINE = 8 * 1024

# ---------------------------------------------------------------- matching
# Matching is done on a normalised copy of title + body: diacritics and
# tatweel removed, hamza-alif forms -> ا, ة -> ه, ى -> ي. A place name may
# carry the usual proclitics (و ف ب ك ل, with ال -> لل after ل) but must not
# be part of a longer word.
_DIAC = re.compile("[\u064B-\u065F\u0670\u0640]")
_ALIF = re.compile("[\u0623\u0625\u0622\u0671]")
_AR = "\u0621-\u064A\u0671-\u06D3"


def normalise(text):
    text = _DIAC.sub("", text)
    text = _ALIF.sub("\u0627", text)
    return text.replace("\u0629", "\u0647").replace("\u0649", "\u064A")


def _word(core, definite):
    if definite:   # core given without ال: الرقة بالرقة والرقة للرقة وبالرقة كالرقة
        prefix = "(?:[وف]?(?:[بك]?ال|لل))"
    else:          # درعا بدرعا لدرعا ودرعا فبدرعا
        prefix = "(?:[وف]?[بلك]?)"
    return re.compile("(?<![%s])%s%s(?![%s])" % (_AR, prefix, core, _AR))


# (key, English name, pattern, minimum number of sample articles)
PLACES = [
    ("tanf", "al-Tanf", _word("تنف", True), 15),            # التنف
    ("raqqa", "Raqqa", _word("رقه", True), 15),             # الرقة / الرقه
    ("daraa", "Daraa", _word("درعا", False), 15),           # درعا
    ("astana", "Astana", _word("استان[اه]", False), 15),    # أستانا أستانة استانا استانة
    ("idlib", "Idlib", _word("ادلب", False), 15),           # إدلب / ادلب
    ("aleppo", "Aleppo", _word("حلب", False), 15),          # حلب
    ("deirezzor", "Deir ez-Zor", _word("دير\\s*(?:ال)?زور", False), 6),  # دير الزور
    ("homs", "Homs", _word("حمص", False), 6),               # حمص
    ("manbij", "Manbij", _word("منبج", False), 6),          # منبج
    ("afrin", "Afrin", _word("عفرين", False), 6),           # عفرين
    ("ghouta", "Ghouta", _word("غوطه", True), 6),           # الغوطة
]
SYRIA = re.compile("سوري")   # سوريا سورية السوري ... (guards against حمص chickpeas, درعا shield)
TATWEEL_IN_WORD = re.compile("[\u0621-\u064A]\u0640+[\u0621-\u064A]")
HARAKAT = re.compile("[\u064B-\u0652]")


def key(article_id):
    return hashlib.sha1((SALT + article_id).encode("utf-8")).hexdigest()


def dump(article):
    line = json.dumps(article, ensure_ascii=False)
    # Keep one article per physical line even for readers that split on the
    # Unicode line separators: escape them (the JSON value is unchanged).
    for ch in ("\u2028", "\u2029", "\u0085"):
        line = line.replace(ch, "\\u%04x" % ord(ch))
    return line


def load(path):
    arts = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for raw in f:
            a = json.loads(raw)
            prefix = a["id"].split("-", 1)[0]
            if prefix not in ANT_PREFIXES:
                continue                     # never SNN-
            body = a.get("body") or ""
            if not body.strip():
                continue                     # skip empty bodies
            line = dump(a)
            norm = normalise((a.get("title") or "") + "\n" + body)
            arts.append({
                "a": a,
                "id": a["id"],
                "src": prefix,
                "cat": a.get("category") or "",
                "line": line,
                "size": len(line.encode("utf-8")) + 1,
                "key": key(a["id"]),
                "places": {k for k, _, rx, _ in PLACES if rx.search(norm)},
                "syria": bool(SYRIA.search(norm)),
                "tatweel": len(TATWEEL_IN_WORD.findall(body)),
                "harakat": len(HARAKAT.findall(body)),
            })
    arts.sort(key=lambda r: r["key"])
    return arts


def round_robin(groups):
    """Interleave lists (each already in key order), groups visited in sorted order."""
    lists = [list(groups[g]) for g in sorted(groups)]
    while any(lists):
        for lst in lists:
            if lst:
                yield lst.pop(0)


def select(arts):
    chosen = {}          # id -> record
    why = defaultdict(list)

    def take(rec, reason):
        if rec["id"] not in chosen:
            chosen[rec["id"]] = rec
        why[reason].append(rec["id"])

    # 1. Syria coverage: each place gets at least its minimum, counting
    #    articles already chosen for other places. Candidates must also
    #    mention Syria; sources are interleaved for variety.
    for pkey, _, _, minimum in PLACES:
        have = sum(1 for r in chosen.values() if pkey in r["places"])
        by_src = defaultdict(list)
        for r in arts:
            if pkey in r["places"] and r["syria"] and r["size"] <= MAX_SYRIA_LINE:
                by_src[r["src"]].append(r)
        for r in round_robin(by_src):
            if have >= minimum:
                break
            if r["id"] in chosen:
                continue
            take(r, "syria:" + pkey)
            have += 1

    # 2. A few exact duplicates: groups of ids sharing one body. Two groups
    #    from Jawhara FM, two from the multi-source part (cross-listed).
    groups = defaultdict(list)
    for r in arts:
        groups[r["a"]["body"]].append(r)
    dup_groups = [sorted(g, key=lambda r: r["id"]) for g in groups.values()
                  if len(g) > 1 and all(r["size"] <= MAX_FILL_LINE for r in g)]
    dup_groups.sort(key=lambda g: key(g[0]["id"]))
    for want_ja, n in ((True, 2), (False, 2)):
        for g in [g for g in dup_groups if (g[0]["src"] == "JA") == want_ja][:n]:
            for r in g[:3]:
                take(r, "duplicate")

    # 3. Diacritics and tatweel: the most heavily vowelled bodies and the
    #    bodies with the most in-word tatweel (kashida), among short ones.
    small = [r for r in arts if r["size"] <= MAX_SYRIA_LINE and r["id"] not in chosen]
    for r in sorted(small, key=lambda r: (-r["harakat"], r["key"]))[:4]:
        take(r, "diacritics")
    for r in sorted(small, key=lambda r: (-r["tatweel"], r["key"]))[:4]:
        if r["tatweel"]:
            take(r, "tatweel")

    # 4. Fill up to TARGET_TOTAL: same share per source, and within a source
    #    round-robin over its categories.
    per_src = defaultdict(lambda: defaultdict(list))
    for r in arts:
        if r["id"] not in chosen and r["size"] <= MAX_FILL_LINE:
            per_src[r["src"]][r["cat"]].append(r)
    streams = {s: round_robin(per_src[s]) for s in ANT_PREFIXES}
    count = defaultdict(int)
    for r in chosen.values():
        count[r["src"]] += 1
    while len(chosen) < TARGET_TOTAL:
        # source with fewest articles so far (ties by the fixed order)
        live = [s for s in ANT_PREFIXES if streams[s] is not None]
        if not live:
            break
        s = min(live, key=lambda s: (count[s], ANT_PREFIXES.index(s)))
        r = next(streams[s], None)
        if r is None:
            streams[s] = None
            continue
        take(r, "fill")
        count[s] += 1
    return chosen, why


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT_INPUT
    if not os.path.exists(path):
        sys.exit("input not found: %s" % path)
    arts = load(path)
    chosen, why = select(arts)
    recs = sorted(chosen.values(), key=lambda r: r["id"])
    assert not any(r["id"].startswith("SNN") for r in recs)
    data = "".join(r["line"] + "\n" for r in recs).encode("utf-8")
    if len(data) > MAX_BYTES:
        sys.exit("sample too large: %d bytes" % len(data))
    with open(OUT_SAMPLE, "wb") as f:
        f.write(data)

    base = os.path.dirname(os.path.abspath(path))
    for src, dst in ((os.path.join(base, "seed_article.txt"), "seed_article.txt"),
                     (os.path.join(base, "upstream", "antcorpus.data", "LICENSE"), "LICENSE-ANT")):
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(HERE, dst))

    # report
    print("wrote %s: %d articles, %d bytes" % (OUT_SAMPLE, len(recs), len(data)))
    by_src = defaultdict(int)
    for r in recs:
        by_src[r["src"]] += 1
    print("per source:", ", ".join("%s %d" % (s, by_src[s]) for s in ANT_PREFIXES))
    print("per place (title or body mentions):")
    for pkey, name, _, minimum in PLACES:
        n = sum(1 for r in recs if pkey in r["places"])
        print("  %-12s %3d (min %d)" % (name, n, minimum))
    for reason in ("duplicate", "diacritics", "tatweel"):
        print("%s: %s" % (reason, " ".join(why[reason])))


if __name__ == "__main__":
    main(sys.argv)
