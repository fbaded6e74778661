#!/usr/bin/env python3
"""Hostile input (docs/reliability.md): terminal escapes in articles and names, write errors
on standard output, --batch and count edge cases, dates that are no real day, misleading
messages, a malformed aliases.tsv. Each case asserts the exact exit status and message, and
that nothing outside the index folder changed.
Usage: hostile_input_test.py NABA SOURCE_DIR"""
import hashlib, json, os, shutil, subprocess, sys, tempfile

from naba_testlib import Checks, run

naba, root = sys.argv[1], sys.argv[2]
check = Checks()

ESC_TITLE = "t \x1b[2J x\u009b31m \u202eevil"
ESC_ID = "e1\x1b]0;pwn\x07"
ARTICLES = [
    {"id": ESC_ID, "title": ESC_TITLE, "body": "سوريا hello \x1b]52;c;SGVsbG8=\x07 world",
     "source": "s\x1b[31m", "url": "http://x/\x1b[0m", "date": "2018-02-30"},
    {"id": "e2", "title": "ok", "body": "سوريا tail", "date": "9999-99-99"},
    {"id": "e3", "title": "ok3", "body": "سوريا good", "date": "2018-02-28"},
    {"id": "e3", "title": "dup \x1b[31m", "body": "سوريا again", "date": "2018-02-28"},
]
RAW_CONTROLS = ["\x1b", "\x07", "\u009b", "\u202e"]


def raw_controls(text):
    return [c for c in RAW_CONTROLS if c in text]


def checksums(folder, skip):
    """{path: sha256} of every file under folder, the index folder skipped."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) != skip]
        for f in filenames:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[p] = hashlib.sha256(fh.read()).hexdigest()
    return out


def expect(r, status, message, what):
    check(r.returncode == status, f"{what}: exit {status}, got {r.returncode}: {r.stderr[-400:]!r}")
    if message is not None:
        check(message in r.stderr, f"{what}: message {message!r} in {r.stderr[-600:]!r}")


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    corpus = os.path.join(tmp, "hostile.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        for a in ARTICLES:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    batch, empty_qid = os.path.join(tmp, "q.tsv"), os.path.join(tmp, "empty-qid.tsv")
    files = {"q.tsv": "q1\tسوريا\n", "empty-qid.tsv": "\tسوريا\nq2\tسوريا\n",
             "empty.jsonl": "", "empty.txt": "", "trail.jsonl": '{"id":"g1","body":"x"} junk\n',
             "prose.jsonl": "This is prose.\nNot JSON at all.\nThird line.\n"}
    for name, text in files.items():
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write(text)
    before = checksums(tmp, db)
    r = run(naba, "index", "--db", db, corpus)

    # 1. Terminal escapes: never raw in text output or warnings, visible instead.
    expect(r, 1, 'hostile.jsonl:4: warning: duplicate id: "e3"', "index with escapes")
    check(not raw_controls(r.stderr), f"index warnings: no raw controls: {r.stderr!r}")
    r = run(naba, "search", "--db", db, "--color", "never", "-n", "10", "سوريا")
    expect(r, 0, None, "search text")
    check(not raw_controls(r.stdout), f"search text: no raw controls: {r.stdout!r}")
    for shown in ["t \\x1b[2J x<U+009B>31m <U+202E>evil", "e1\\x1b]0;pwn\\x07 | s\\x1b[31m",
                  "[سوريا] hello \\x1b]52;c;SGVsbG8=\\x07 world"]:
        check(shown in r.stdout, f"search text shows {shown!r}: {r.stdout!r}")
    r = run(naba, "search", "--db", db, "--json", "سوريا")
    res = json.loads(r.stdout)["results"] if r.returncode == 0 else []
    check(any(x["id"] == ESC_ID and x["title"] == ESC_TITLE for x in res),
          "--json keeps the text exactly (JSON-escaped)")
    r = run(naba, "search", "--db", db, "--batch", batch)
    check(r.returncode == 0 and "q1 Q0 e1\\x1b]0;pwn\\x07" in r.stdout and
          not raw_controls(r.stdout), f"--batch: ids escaped: {r.stdout!r}")
    r = run(naba, "alert", "add", "--db", db, "watch", "سوريا", "--since", "2000-01-01")
    expect(r, 0, None, "alert add")
    r = run(naba, "alert", "run", "--db", db, "--color", "never")
    # (--since delivers dated articles: the one with the bad date has none now)
    check(r.returncode == 0 and "dup \\x1b[31m" in r.stdout and not raw_controls(r.stdout),
          f"alert run: escaped: {r.stdout!r}")
    r = run(naba, "alert", "add", "--db", db, "bad\x1b]0;x\x07", "سوريا")
    expect(r, 2, "naba: an alert name cannot hold control characters", "alert name with ESC")
    r = run(naba, "alias", "add", "--db", db, "name\u202e", "foo")
    expect(r, 2, "naba: name 'name<U+202E>' holds a control character, which aliases cannot",
           "alias name with a bidi override")
    r = run(naba, "alert", "rm", "--db", db, "no\x1bsuch")
    expect(r, 2, "naba: no alert named 'no\\x1bsuch'", "alert rm echoes the name escaped")
    r = run(naba, "alert", "list", "--db", db)
    check(r.returncode == 0 and not raw_controls(r.stdout), f"alert list: {r.stdout!r}")
    r = run(naba, "search", "--db", db, "--sort", "x\x1b[31m", "سوريا")
    expect(r, 2, "--sort: x\\x1b[31m not in {relevance,date}", "a bad option value, escaped")

    # 2. Write errors on standard output: exit 2 and one message.
    full = "naba: cannot write standard output: No space left on device"
    for args in (["search", "-n", "5", "سوريا"], ["search", "--batch", batch], ["stats"],
                 ["alert", "list"], ["search", "--json", "سوريا"], ["alias", "list"]):
        if args == ["alias", "list"]:
            run(naba, "alias", "add", "--db", db, "Raqqa", "رقه")
        with open("/dev/full", "w") as dev_full:
            r = subprocess.run([naba, *args, "--db", db], stdout=dev_full,
                               stderr=subprocess.PIPE, text=True, errors="replace")
        expect(r, 2, full, f"{' '.join(args)} > /dev/full")

    with open("/dev/full", "w") as dev_full:
        r = subprocess.run([naba, "--help"], stdout=dev_full, stderr=subprocess.PIPE, text=True)
    expect(r, 2, full, "--help > /dev/full")

    # 3. --batch and count edge cases.
    r = run(naba, "search", "--db", db, "--batch", empty_qid)
    expect(r, 0, "empty-qid.tsv:1: expected qid<TAB>query (the qid is empty)", "empty qid")
    check(all(not line.startswith(" ") and line.split()[0] == "q2"
              for line in r.stdout.splitlines()), f"empty qid: no line without a qid: {r.stdout!r}")
    r = run(naba, "search", "--db", db, "--batch", batch, "سوريا")
    expect(r, 2, "--batch FILE takes its queries from FILE; give no query words with it",
           "--batch with query words")
    r = run(naba, "search", "--db", db, "--latency-json", os.path.join(tmp, "l.json"), "سوريا")
    expect(r, 2, "--latency-json: needs --batch FILE", "--latency-json without --batch")
    for value in ("-1", "99999999999999999999"):
        r = run(naba, "search", "--db", db, "--offset", value, "سوريا")
        expect(r, 2, f"--offset: Value {value} not in range", f"--offset {value}")
    r = run(naba, "search", "--db", db, "--passages", "-1", "سوريا")
    expect(r, 2, "--passages: Value -1 not in range", "--passages -1")

    # 4. Dates that are no real day: indexed without a date, with a warning.
    r = run(naba, "index", "--db", os.path.join(db, "again"), corpus)
    expect(r, 1, 'hostile.jsonl:1: warning: date "2018-02-30" is no real day; the article is '
           "indexed without a date", "index 2018-02-30")
    check('hostile.jsonl:2: warning: date "9999-99-99" is no real day' in r.stderr,
          f"index 9999-99-99: {r.stderr!r}")
    shutil.rmtree(os.path.join(db, "again"))
    r = run(naba, "stats", "--db", db, "--json")
    s = json.loads(r.stdout) if r.returncode == 0 else {}
    check((s.get("first_date"), s.get("last_date")) == ("2018-02-28", "2018-02-28"),
          f"stats: only real dates: {s}")
    r = run(naba, "search", "--db", db, "--sort", "date", "--json", "سوريا")
    res = json.loads(r.stdout)["results"] if r.returncode == 0 else []
    check(res and res[0]["id"] == "e3" and all(x["date"] in ("", "2018-02-28") for x in res),
          f"--sort date: the dated article first, the others without a date: {res}")
    for args, message in (
            (["search", "--since", "2018-13-01", "سوريا"],
             "naba: --since takes a date as YYYY-MM-DD, got '2018-13-01'"),
            (["search", "--until", "2018-02-30", "سوريا"],
             "naba: --until takes a date as YYYY-MM-DD, got '2018-02-30'"),
            (["alert", "add", "--db", db, "d", "سوريا", "--since", "2018-00-00"],
             "naba: --since takes a date as YYYY-MM-DD, got '2018-00-00'")):
        r = run(naba, *args, *([] if "--db" in args else ["--db", db]))
        expect(r, 2, message, " ".join(args))

    # 5. Messages that say what is wrong.
    r = run(naba, "bogus")
    expect(r, 2, "naba: unknown command 'bogus' (commands: alert, alias, analyze, index, search, "
           "serve, stats)", "naba bogus")
    r = run(naba, "alert", "bogus")
    expect(r, 2, "naba: unknown command 'bogus' (commands: add, set, list, rm, run)", "alert bogus")
    for name, message in (
            ("empty.jsonl", "empty.jsonl: empty file"), ("empty.txt", "empty.txt: empty file"),
            ("trail.jsonl", "trail.jsonl:1: trailing characters after the JSON object"),
            ("prose.jsonl", "prose.jsonl: not JSON Lines: 3 lines, none a JSON object (line 1: ")):
        r = run(naba, "index", "--db", db, os.path.join(tmp, name))
        expect(r, 1, message, f"index {name}")
    check(run(naba, "index", "--db", db, os.path.join(tmp, "prose.jsonl")).stderr.count(
        "prose.jsonl") == 1, "prose: one message, not one per line")
    r = run(naba, "alias", "add", "--db", db, "x", "في")
    expect(r, 2, "naba: spelling 'في' is only stop words, which a search ignores", "alias add في")

    # 6. A malformed aliases.tsv line: warned and skipped; the alias commands still work.
    with open(os.path.join(db, "aliases.tsv"), "a", encoding="utf-8") as f:
        f.write("badline-no-tab\n")
    warn = "aliases.tsv:3: expected NAME<TAB>SPELLING|...; line skipped"
    r = run(naba, "search", "--db", db, "سوريا")
    expect(r, 0, warn, "search with a bad alias line")
    check(r.stderr.count(warn) == 1, f"warned once: {r.stderr!r}")
    r = run(naba, "alias", "add", "--db", db, "Aleppo", "حلبا")
    expect(r, 0, warn, "alias add with a bad alias line")
    r = run(naba, "alias", "rm", "--db", db, "Raqqa")
    expect(r, 0, None, "alias rm with a bad alias line")
    r = run(naba, "alias", "list", "--db", db)
    check(r.returncode == 0 and "Aleppo" in r.stdout, f"alias list: {r.stdout!r} {r.stderr!r}")

    # 7. Field names in any case; an unknown field is searched as words, with a warning.
    r = run(naba, "search", "--db", db, "--json", "Title:ok")
    check(r.returncode == 0 and [x["id"] for x in json.loads(r.stdout)["results"]] == ["e2"]
          and json.loads(r.stdout)["warnings"] == [] and "is not a field" not in r.stderr,
          f"Title: is title: {r.stdout[-300:]!r} {r.stderr!r}")
    r = run(naba, "search", "--db", db, "--json", "url:سوريا")
    expect(r, 0, "naba: warning: 'url:' is not a field (title:, source:, date:); searched as words",
           "url:سوريا")
    plain = run(naba, "search", "--db", db, "--json", "سوريا")
    if r.returncode == 0 and plain.returncode == 0:
        out, ids = json.loads(r.stdout), [x["id"] for x in json.loads(plain.stdout)["results"]]
        check([x["id"] for x in out["results"]] == ids and out["warnings"] == [
            "'url:' is not a field (title:, source:, date:); searched as words"],
              f"url:سوريا finds سوريا, warns in JSON: {r.stdout[-300:]!r}")

    after = checksums(tmp, db)
    check(after == before, f"nothing outside the index folder changed: "
          f"{sorted(set(after.items()) ^ set(before.items()))[:5]}")


def sha(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "c.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "s1", "title": "t", "body": "سوريا حلب"}, ensure_ascii=False) + "\n")

    # 8. Stub files that list themselves or each other: an error naming them, not a crash;
    # a file that is no stub is named by path and line, its text never shown.
    stubs = {"self.stub": "auto self.stub\n", "a.stub": "auto b.stub\n", "b.stub": "auto a.stub\n",
             "passwd": "root:x:0:0:secret-hash:/root:/bin/bash\n"}
    for name, text in stubs.items():
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write(text)
    for name in ("self.stub", "a.stub"):
        for args in (("search", "سوريا"), ("stats",)):
            r = run(naba, *args, "--db", os.path.join(tmp, name))
            expect(r, 2, "stub files list each other in a loop: ", f"{args[0]} {name}")
    for args in (("search", "سوريا"), ("stats",)):
        r = run(naba, *args, "--db", os.path.join(tmp, "passwd"))
        expect(r, 2, os.path.join(tmp, "passwd") + ":1: not a shard line", f"{args[0]} passwd")
        check("secret" not in r.stderr and "root" not in r.stderr, f"no line quoted: {r.stderr!r}")

    # 9. Symbolic links planted in an index folder: naba replaces the link or refuses it, and
    # never writes to the file it points to.
    precious = os.path.join(tmp, "precious")
    with open(precious, "w") as f:
        f.write("precious\n")
    before = sha(precious)
    idx = os.path.join(tmp, "idx")
    os.makedirs(idx)

    def plant(name):
        path = os.path.join(idx, name)
        if os.path.lexists(path):
            os.remove(path)
        os.symlink(precious, path)
        return path

    pid = plant("naba.pid")
    r = run(naba, "index", "--db", idx, corpus)
    expect(r, 0, None, "index with naba.pid a link")
    check(not os.path.islink(pid) and open(pid).read().strip().isdigit(),
          "naba.pid replaced by a file of its own")
    check(sha(precious) == before, "naba.pid: the link's target unchanged")

    plant("aliases.lock")
    r = run(naba, "alias", "add", "--db", idx, "Aleppo", "حلبا")
    expect(r, 2, "aliases.lock: it is a symbolic link", "aliases.lock a link")
    check(sha(precious) == before, "aliases.lock: the link's target unchanged")
    os.remove(os.path.join(idx, "aliases.lock"))

    aliases = plant("aliases.tsv")
    r = run(naba, "alias", "add", "--db", idx, "Aleppo", "حلبا")
    expect(r, 0, None, "alias add with aliases.tsv a link")
    check(not os.path.islink(aliases), "aliases.tsv replaced by a file of its own")
    check(sha(precious) == before, "aliases.tsv: the link's target unchanged")

    store = plant("alerts.sqlite")
    r = run(naba, "alert", "add", "--db", idx, "syria", "سوريا")
    check(r.returncode != 0 and "alerts.sqlite" in r.stderr, f"alerts.sqlite a link: refused: "
          f"{r.returncode} {r.stderr!r}")
    check(sha(precious) == before, "alerts.sqlite: the link's target unchanged")
    os.remove(store)

    r = run(naba, "alert", "add", "--db", idx, "syria", "سوريا")
    expect(r, 0, None, "alert add")
    plant("alerts.sqlite.lock")
    r = run(naba, "alert", "run", "--db", idx)
    check(r.returncode != 0 and "alerts.sqlite.lock: it is a symbolic link" in r.stderr,
          f"alerts.sqlite.lock a link: refused: {r.returncode} {r.stderr!r}")
    check(sha(precious) == before, "alerts.sqlite.lock: the link's target unchanged")

check.finish()
