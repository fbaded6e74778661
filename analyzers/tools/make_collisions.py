#!/usr/bin/env python3
"""Writes tests/data/collisions.tsv: word pairs that must never share a term and
word groups that must, drawn from the corpus's word counts.

apart     W  R   (and with ال بال وال لل) W is a noun seen with the article (الW, 5+ times), and its first letter
                 is a proclitic letter (و ف ب ل ك) whose removal leaves R, a word of 3+
                 letters seen 5+ times bare and once with the article; and both with the article if seen so: فكرة (الفكرة) is not ف + كرة (الكرة).
together  W ...  a word ending in ة, bare, with the article, and with بال / وال, each
                 seen in the corpus, unless its form with the article is a known name: ورقة الورقة بالورقة والورقة.

Counts: the 41,686 ANT articles of the shared corpus (ids JA- AL- BB- CN- FR- SK-),
words normalised like naba's analyzer for letters (أإآ→ا ى→ي ة→ه ؤئ→ء, marks
dropped), and the written form kept is the most frequent one seen in the corpus.
The pairs are then read by eye; REJECTED below lists the ones found related.
Usage: analyzers/tools/make_collisions.py [CORPUS.jsonl.gz] > tests/data/collisions.tsv
"""
import collections, gzip, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus",
                                                              "news.jsonl.gz")
ANT = ("JA", "AL", "BB", "CN", "FR", "SK")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "ء",
                      "ئ": "ء", "ـ": None})
MARKS = re.compile("[\u064b-\u065f\u0670]")
WORD = re.compile("[\u0621-\u064a\u0640\u064b-\u065f\u0670]+")
PROCLITICS = "وفبلك"
N_PAIRS, N_GROUPS = 240, 240
# Pairs a reader found related after all (the clitic reading is as good as the
# whole word), or whose remainder is mostly a name rather than a noun.
REJECTED = {
    ("واحد", "أحد"), ("وإلى", "إلى"), ("وأنا", "أنا"), ("ألوانا", "الأنا"), ("فعلى", "على"),
    ("وصفه", "صفة"), ("بلقاء", "لقاء"), ("لأزمة", "أزمة"), ("وكرة", "كرة"), ("بآلية", "إليه"),
    ("لبان", "بأن"), ("بأني", "أني"),
    ("بقرى", "قرى"), ("لتين", "تين"), ("كأسير", "أسير"),
}


def main():
    counts = collections.Counter()  # normalised word -> count
    spelt = collections.defaultdict(collections.Counter)  # normalised -> written forms
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"].split("-")[0] not in ANT:
                continue
            for w in WORD.findall((a.get("title") or "") + " " + (a.get("body") or "")):
                plain = MARKS.sub("", w).replace("ـ", "")
                n = plain.translate(FOLD)
                if not n:
                    continue
                counts[n] += 1
                spelt[n][plain] += 1

    def written(n):
        return spelt[n].most_common(1)[0][0]

    def noun(n, at_least):
        return counts[n] >= at_least and counts["ال" + n] >= at_least

    pairs = []
    for w in counts:
        if w[0] not in PROCLITICS or len(w) < 4 or counts["ال" + w] < 5:
            continue
        r = w[1:]
        if len(r) >= 3 and counts[r] >= 5 and counts["ال" + r] >= 1 \
                and (written(w), written(r)) not in REJECTED:
            pairs.append((min(counts[w], counts[r]), w, r))
            # The same two words with the article, and with بال / وال: الفكرة / الكرة.
            for p in ("ال", "بال", "وال", "لل"):
                if counts[p + w] >= 5 and counts[p + r] >= 5:
                    pairs.append((min(counts[w], counts[r]), p + w, p + r))
    pairs.sort(reverse=True)

    # A word whose form with the article is a known name (القاعدة, al-Qaeda) is
    # meant to part from that name.
    names = set()
    for line in open(os.path.join(ROOT, "analyzers", "data", "gazetteer.tsv"), encoding="utf-8"):
        if not line.startswith("#") and line.count("\t") >= 3:
            names.update(MARKS.sub("", sp).translate(FOLD) for sp in line.split("\t")[2].split("|"))
    groups = []
    for x in counts:
        if not x.endswith("ه") or len(x) < 4 or not noun(x, 20) or "ال" + x in names:
            continue
        forms = [x] + [p + x for p in ("ال", "بال", "وال") if counts[p + x] >= 5]
        if len(forms) == 4:
            groups.append((counts[x], forms))
    groups.sort(reverse=True)

    print("# Made by analyzers/tools/make_collisions.py from the shared corpus; do not edit.")
    print("# apart<TAB>word<TAB>word: must never share a term; together<TAB>words...: must share one.")
    for _, w, r in pairs[:N_PAIRS]:
        print(f"apart\t{written(w)}\t{written(r)}")
    for _, forms in groups[:N_GROUPS]:
        print("together\t" + "\t".join(written(f) for f in forms))


if __name__ == "__main__":
    main()
