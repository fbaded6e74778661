#!/usr/bin/env python3
"""End-to-end checks of the naba command on the bundled corpus: index, search
(text, JSON, batch), stats, analyze, exit codes and messages."""
import json, os, sys, tempfile

from naba_testlib import Checks, runner

naba, root = sys.argv[1], sys.argv[2]

run = runner(naba)

check = Checks()

with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    r = run("index", "--db", db, os.path.join(root, "corpus"))
    check(r.returncode == 0, f"index exit 0, got {r.returncode}: {r.stderr}")
    check("indexed 401 articles" in r.stderr, f"index summary: {r.stderr}")

    r = run("search", "--db", db, "--json", "--passages", "2", "بالرقة")
    check(r.returncode == 0, "search exit 0")
    out = json.loads(r.stdout)
    check(out["total"] > 0 and out["results"], "search finds Raqqa")
    for res in out["results"]:
        for p in res["passages"]:
            for start, end in p["highlights"]:
                check("رق" in p["text"][start:end], f"highlight {p['text'][start:end]!r} is a Raqqa mention")

    r = run("search", "--db", db, "--color", "never", "Raqqa")
    check(r.returncode == 0 and "[" in r.stdout, "Latin Raqqa finds Arabic text, marked with brackets")

    r = run("search", "--db", db, "--json", "سوريا", "-روسيا")
    check(r.returncode in (0, 1), f"-word as its own argument: {r.stderr}")
    r2 = run("search", "--db", db, "--json", "--", "سوريا -روسيا")
    check(r2.returncode in (0, 1) and json.loads(r2.stdout)["total"] == json.loads(r.stdout)["total"],
          "-- and a separate -word give the same results")

    r = run("search", "--db", db, "كلمةغيرموجودةاطلاقا")
    check(r.returncode == 1, f"no results: exit 1, got {r.returncode}")
    r = run("search", "--db", db, "--json", "الحكموة السورية")
    out = json.loads(r.stdout)
    check(out.get("corrections") == [{"word": "الحكموة", "searched": "الحكومة"}]
          and "searched as 'الحكومة'" in r.stderr, f"a typo is searched as the word: {r.stderr}")
    r2 = run("search", "--db", db, "--json", "--as-written", "الحكموة السورية")
    out2 = json.loads(r2.stdout)
    check("corrections" not in out2 and out2["total"] < out["total"] and not r2.stderr,
          f"--as-written searches the typo as written: {r2.stderr}")
    r = run("search", "--db", db, '"الرقة')
    check(r.returncode == 2 and "unbalanced quote" in r.stderr, f"bad query: exit 2 with message: {r.stderr}")
    r = run("search", "--db", os.path.join(tmp, "missing"), "الرقة")
    check(r.returncode == 2 and "naba index" in r.stderr, f"missing index says what to do: {r.stderr}")

    batch = os.path.join(tmp, "q.tsv")
    with open(batch, "w", encoding="utf-8") as f:
        f.write("q1\tدرعا\nq2\t\"الرقة\n")
    r = run("search", "--db", db, "--batch", batch, "--all-duplicates", "-n", "5")
    lines = [l.split() for l in r.stdout.splitlines()]
    check(r.returncode == 0 and lines and all(len(l) == 6 and l[1] == "Q0" and l[5] == "naba" for l in lines),
          "batch prints a TREC run")
    check({l[0] for l in lines} == {"q1", "q2"}, "a query that does not parse is run as plain words")

    r = run("stats", "--db", db, "--json")
    stats = json.loads(r.stdout)
    check(stats["articles"] == 401 and stats["passages"] >= 401 and stats["sources"] == 6, f"stats: {stats}")

    # A name of several words: every spelling finds the same articles, the mention marked whole.
    sdf = {q: json.loads(run("search", "--db", db, "--json", "--all-duplicates", "-n", "50", "--", q).stdout)
           for q in ("قسد", "SDF", "Syrian Democratic Forces", "قوات سوريا الديمقراطية")}
    found = {q: sorted(x["id"] for x in out["results"]) for q, out in sdf.items()}
    check(found["قسد"] and all(v == found["قسد"] for v in found.values()), f"SDF spellings agree: {found}")
    marks = {p["text"][a:b] for x in sdf["SDF"]["results"] for p in x["passages"] for a, b in p["highlights"]}
    check("قوات سوريا الديمقراطية" in marks, f"the whole name is highlighted: {marks}")

    # A user alias works at once, without re-indexing, and goes away with rm.
    r = run("search", "--db", db, "--json", "Talal Silo")
    check(r.returncode == 1, "no Talal Silo before the alias")
    r = run("alias", "add", "--db", db, "Talal Silo", "طلال سلو")
    check(r.returncode == 0 and "1 new spelling" in r.stdout, f"alias add: {r.stdout} {r.stderr}")
    r = run("search", "--db", db, "--json", "Talal Silo")
    out = json.loads(r.stdout) if r.returncode == 0 else {"results": []}
    marks = {p["text"][a:b] for x in out["results"] for p in x["passages"] for a, b in p["highlights"]}
    check(out["results"] and marks == {"طلال سلو"}, f"the alias finds and highlights the mention: {marks}")
    r = run("alias", "list", "--db", db, "--json")
    check(r.returncode == 0 and json.loads(r.stdout.splitlines()[0]) ==
          {"name": "Talal Silo", "spellings": ["طلال سلو"], "gazetteer": None}, f"alias list: {r.stdout}")
    r = run("alias", "add", "--db", db, "Raqqa", "Raqa")
    check("gazetteer raqqa" in r.stdout, f"a gazetteer name is recognised: {r.stdout}")
    r = run("alias", "rm", "--db", db, "Talal Silo")
    check(r.returncode == 0 and run("search", "--db", db, "Talal Silo").returncode == 1, "alias rm")
    r = run("alias", "rm", "--db", db, "Talal Silo")
    check(r.returncode == 2 and "no alias named" in r.stderr, f"rm of a missing alias: {r.stderr}")
    r = run("alias", "add", "--db", db, "x", "a|b")
    check(r.returncode == 2 and "'|'" in r.stderr, f"bad spelling: {r.stderr}")

    r = run("analyze", "قوات سوريا الديمقراطية")
    check("+~قسد sdf (group), 3 words" in r.stdout and "name syria (country)" in r.stdout,
          f"analyze shows names: {r.stdout}")

    r = run("analyze", "--format", "tsv", input="وبالرقــة\n")
    check(r.stdout.split("\t")[0] == "وبالرقــة", "analyze tsv keeps the original word")

    env_db = os.path.join(tmp, "envdb")
    r = run("index", os.path.join(root, "corpus", "seed_article.txt"), env={"NABA_DB": env_db})
    check(r.returncode == 0 and os.path.isdir(env_db), "NABA_DB sets the default index")

check.finish()
