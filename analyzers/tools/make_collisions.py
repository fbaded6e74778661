#!/usr/bin/env python3
"""Writes tests/data/collisions.tsv: word pairs that must never share a term and
word groups that must, drawn from the corpus's word counts.

apart     W  R   (and with ال بال وال لل) W is a noun seen with the article (الW, 5+ times), and its first letter
                 is a proclitic letter (و ف ب ل ك) whose removal leaves R, a word of 3+
                 letters seen 5+ times bare and once with the article; and both with the article if seen so: فكرة (الفكرة) is not ف + كرة (الكرة).
together  W ...  a word ending in ة, bare, with the article, and with بال / وال, each
                 seen in the corpus, unless its form with the article is a known name: ورقة الورقة بالورقة والورقة.
apart     W  R   W ends in ون ين ان but is never inflected (its stem R is seen a thirtieth as
                 often as W in none of a plural's other forms: with ين for ون and ان, with ون ان ة
                 ات or ا for ين), and R is a word of its own: زيتون / زيت, كانون / كان.
together  W ...  such a W and its plural in ات, with and without the article: إعلان الإعلان إعلانات الإعلانات.
apart     W  R   W begins with وال بال فال كال and is seen with the article itself (الW, 5+
                 times), so those letters are its own; R is what the clitic and the article
                 would leave, with or without the article (3+ letters, 5+ times): والدين /
                 دين and الدين, بالون / إلون.
together  W ...  W begins with an ال of its own (ألعاب إلغاء التزام, normalised العاب الغاء
                 التزام): news has it after ل as لW, not لل + the rest (لآلاف, never للاف), or
                 with the article (الW) at least as often as the rest bare (عاب: never); W,
                 الW, بالW and وW (و + W), each seen 5+ times: ألعاب الألعاب بالألعاب وألعاب.
apart     W  R   such a W and the rest R it would leave as the article's, a word seen 5+
                 times bare: آلاف / إف.
together  W ...  a noun of two letters after the article (الحد, 30+ times, and more often than
                 ال + ل + it: the word in ل that لل + two letters mostly is, اللعب), with ال,
                 with لل and with بال, each seen 5+ times: الحد للحد بالحد.
together  W ...  a past verb news has in three persons (W, Wت, Wوا, each 5+ times bare; 3+
                 letters, not ending in ا, never seen with the article), bare and after و,
                 in the masculine and the feminine, where و + it is seen more than twice as
                 often as the verb bare in either: أضاف وأضاف أضافت وأضافت.

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
N_PAIRS, N_GROUPS, N_SUFFIX_PAIRS, N_SUFFIX_GROUPS, N_ARTICLE_PAIRS = 240, 240, 90, 60, 40
N_OWN_AL_GROUPS, N_OWN_AL_PAIRS, N_SHORT_GROUPS, N_VERB_GROUPS = 30, 10, 20, 10
# Pairs a reader found related after all (the clitic reading is as good as the
# whole word), or whose remainder is mostly a name rather than a noun.
REJECTED = {
    ("واحد", "أحد"), ("وإلى", "إلى"), ("وأنا", "أنا"), ("ألوانا", "الأنا"), ("فعلى", "على"),
    ("وصفه", "صفة"), ("بلقاء", "لقاء"), ("لأزمة", "أزمة"), ("وكرة", "كرة"), ("بآلية", "إليه"),
    ("لبان", "بأن"), ("بأني", "أني"),
    ("بقرى", "قرى"), ("لتين", "تين"), ("كأسير", "أسير"),
    # ون ين ان: one root and meaning (a verbal noun, a verb's plural, a dual), a
    # name's variant, a misspelt plural; Chinese names (تشيان, تشي, تشين).
    ("تشيان", "تشي"),
    ("فقدان", "فقد"), ("يأتون", "يأت"), ("سائرون", "سائر"), ("قوسين", "قوس"), ("نسيان", "نسي"),
    ("يدينون", "يدين"), ("محمدين", "محمد"), ("فلسطينين", "فلسطين"), ("يودون", "يود"),
    ("طيران", "طير"), ("وإيران", "وإير"), ("عازمون", "عازم"), ("فتيان", "فتى"), ("إتيان", "أتى"),
    ("سعيدان", "سعيد"), ("دوران", "دور"), ("رومان", "روم"), ("جوعان", "جوع"), ("دولان", "دول"),
    ("موندياليون", "مونديالي"), ("عيدان", "عيد"), ("ذاهبون", "ذاهب"), ("أصلان", "أصل"),
    ("آسفون", "آسف"), ("قليلون", "قليل"), ("عبدان", "عبد"),
    # An ال of its own: ات is no word; إليه (a stop word) is mostly آلية's spelling here.
    ("آلات", "ات"), ("إليه", "ية"),
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
    pairs = pairs[:N_PAIRS]

    # A word ending in ون ين ان that is no plural or dual: news has its stem,
    # the word less the ending, in none of a plural's other forms (another of
    # the endings, ة, ات, the accusative ا) a thirtieth as often: زيتون, ياسين.
    def never_inflected(w):
        stem, ending = w[:-2], w[-2:]
        if ending not in ("ون", "ين", "ان") or w.startswith("ال"):
            return False
        verb = w[1:] if w.startswith("س") else w  # سيعملون, تعلمون: an imperfect's plural
        if ending != "ين" and verb[0] in "يت":
            return False
        # المفكرين: a participle's plural, its singular in مـ seen with ال
        if ending != "ان" and stem[0] == "م" and len(stem) >= 4 and counts["ال" + stem] >= 5:
            return False
        needed = max(5, (counts[w] + counts["ال" + w]) / 30)
        # A plural in ون or a dual in ان has its oblique form in ين; ين may be
        # the oblique of either, so any other ending, ة, ات or ا will do.
        sisters = ("ون", "ان", "ه", "ات", "ا") if ending == "ين" else ("ين",)
        return all(counts[stem + e] + counts["ال" + stem + e] < needed for e in sisters)

    # Such a word and its stem when that is a word too: زيتون / زيت, ياسين / يأس.
    suffix_pairs = []
    for w in counts:
        r = w[:-2]
        if counts[w] >= 10 and len(r) >= 3 and counts[r] >= 10 and counts["ال" + r] >= 1 \
                and never_inflected(w) and (written(w), written(r)) not in REJECTED:
            suffix_pairs.append((min(counts[w], counts[r]), w, r))
    suffix_pairs.sort(reverse=True)
    pairs += suffix_pairs[:N_SUFFIX_PAIRS]
    # Such a word keeps its ending, so it meets its plural in ات: إعلان إعلانات.
    suffix_groups = []
    for w in counts:
        if noun(w, 10) and noun(w + "ات", 5) and never_inflected(w):
            suffix_groups.append((counts[w], [w, "ال" + w, w + "ات", "ال" + w + "ات"]))
    suffix_groups.sort(reverse=True)

    # A word whose clitic and article are its own letters, and what cutting
    # them would leave: والدين (الوالدين) / الدين.
    article_pairs = []
    for w in counts:
        if w[0] not in "وفبك" or w[1:3] != "ال" or len(w) < 5 or counts["ال" + w] < 5:
            continue
        for r in ("ال" + w[3:], w[3:]):
            if len(r) >= 3 and counts[r] >= 5 and (written(w), written(r)) not in REJECTED:
                article_pairs.append((min(counts["ال" + w], counts[r]), w, r))
    article_pairs.sort(reverse=True)
    pairs += article_pairs[:N_ARTICLE_PAIRS]

    # A word whose ال is its own (ألعاب, آلاف): ل does not contract with it,
    # or news has it with the article as often as the rest bare.
    def own_al(w):
        rest = w[2:]
        if not w.startswith("ال") or len(rest) < 2:
            return False
        after_lam, as_article = counts["ل" + w], counts["لل" + rest]
        if max(after_lam, as_article) >= 5:
            return after_lam > as_article
        return counts["ال" + w] >= max(5, counts[rest])
    own_al_groups, own_al_pairs = [], []
    for w in counts:
        if counts[w] < 20 or not own_al(w):
            continue
        forms = [w] + [p + w for p in ("ال", "بال", "و") if counts[p + w] >= 5]
        if len(forms) == 4:
            own_al_groups.append((counts[w], forms))
        r = w[2:]
        if len(r) >= 2 and counts[r] >= 5 and (written(w), written(r)) not in REJECTED:
            own_al_pairs.append((min(counts[w], counts[r]), w, r))
    own_al_groups.sort(reverse=True)
    own_al_pairs.sort(reverse=True)
    pairs += own_al_pairs[:N_OWN_AL_PAIRS]

    # A two-letter noun after لل (ل + ال): للحد is ل + الحد, not ل + لحد.
    short_groups = []
    for w in counts:
        if len(w) == 2 and counts["ال" + w] >= max(30, counts["الل" + w]):
            # each spelt with the article as such (بآلام, with pains, is no بالأم)
            forms = [p + w for p in ("ال", "لل", "بال")
                     if counts[p + w] >= 5 and written(p + w).startswith(p)]
            if len(forms) == 3:
                short_groups.append((counts["ال" + w], forms))
    short_groups.sort(reverse=True)

    # A past verb that news mostly writes after و (وأضاف, وقالت): و comes off.
    def past_verb(v):
        return len(v) >= 3 and not v.endswith("ا") and counts["ال" + v] < 5 \
            and all(counts[v + p] >= 5 for p in ("", "ت", "وا"))
    verb_groups = []
    for v in counts:
        forms = [v, "و" + v, v + "ت", "و" + v + "ت"]
        if past_verb(v) and all(counts[f] >= 5 and counts["ال" + f] < 5 for f in forms) \
                and any(counts["و" + f] > 2 * counts[f] for f in (v, v + "ت")):
            verb_groups.append((counts["و" + v], forms))
    verb_groups.sort(reverse=True)

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
    for _, w, r in pairs:
        print(f"apart\t{written(w)}\t{written(r)}")
    for _, forms in groups[:N_GROUPS] + suffix_groups[:N_SUFFIX_GROUPS] + \
            own_al_groups[:N_OWN_AL_GROUPS] + short_groups[:N_SHORT_GROUPS] + \
            verb_groups[:N_VERB_GROUPS]:
        print("together\t" + "\t".join(written(f) for f in forms))


if __name__ == "__main__":
    main()
