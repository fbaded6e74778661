#!/usr/bin/env python3
"""Bad input files (tests/data/bad/, plus large or special ones made here) and bad queries.

Every bad input must give a message naming file:line (or file, for a whole file) and a
defined exit status and outcome, and must leave what was indexed before untouched; every
bad query must give a message or sensible results, never a crash or an exception trace.
Usage: bad_input_test.py NABA SOURCE_DIR"""
import json, os, shutil, subprocess, sys, tempfile

from naba_testlib import Checks, index_ids, run, sample_articles, sample_path

naba, root = sys.argv[1], sys.argv[2]
bad = os.path.join(root, "tests", "data", "bad")
check = Checks()
sample = sample_articles(root)
# Arabic queries whose results must not change: the bad files' good lines are Latin words.
SNAPSHOT_QUERIES = ["سوريا", "الرقة", f'title:"{sample[0]["title"]}"']


def snapshot(db):
    out = []
    for q in SNAPSHOT_QUERIES:
        r = run(naba, "search", "--db", db, "--json", "-n", "1000", "--all-duplicates", "--", q)
        # What the articles are, not their scores: new articles change the collection
        # statistics and so every score a little.
        res = json.loads(r.stdout) if r.returncode == 0 else {"total": r.returncode, "results": []}
        out.append((res["total"], sorted((x["id"], x["title"], x["date"], x["source"], x["url"])
                                         for x in res["results"])))
    return out


def crashed(r):
    return r.returncode < 0 or r.returncode > 2 or "terminate called" in r.stderr or \
        "Traceback" in r.stderr or "AddressSanitizer" in r.stderr or "runtime error" in r.stderr


# Each case: name, paths, expected exit status, messages that must appear (in order per
# file), ids that must be in the index afterwards, ids that must not.
CASES = [
    ("invalid UTF-8", ["invalid_utf8.jsonl"], 1,
     ['invalid_utf8.jsonl:2: invalid UTF-8 in field "body"',
      'invalid_utf8.jsonl:3: invalid UTF-8 in field "title"'],
     ["utf8-ok"], ["utf8-bad-body", "utf8-bad-title"]),
    ("truncated JSON", ["truncated.jsonl"], 1,
     ["truncated.jsonl:2: invalid JSON: A string is opened, but never closed."],
     ["trunc-ok"], ["trunc-cut"]),
    ("wrong field types", ["wrong_types.jsonl"], 1,
     ['wrong_types.jsonl:2: field "id" must be a string or number, got boolean',
      'wrong_types.jsonl:3: field "body" must be a string or null, got number',
      'wrong_types.jsonl:4: field "title" must be a string or null, got array',
      'wrong_types.jsonl:5: field "date" must be a string or null, got object',
      'wrong_types.jsonl:6: field "id" must be a string or number, got object',
      'wrong_types.jsonl:7: field "body" must be a string or null, got array'],
     ["types-ok"], ["types-body-number", "types-title-array", "types-date-object"]),
    ("missing id or body", ["missing_fields.jsonl"], 1,
     ['missing_fields.jsonl:2: missing field "id"', 'missing_fields.jsonl:3: missing field "body"',
      'missing_fields.jsonl:4: field "id" is empty',
      'missing_fields.jsonl:5: field "id" is longer than 200 bytes',
      'missing_fields.jsonl:6: missing field "id"',
      "missing_fields.jsonl:7: not a JSON object (got array)"],
     ["fields-ok"], ["fields-no-body"]),
    ("duplicate ids in one file", ["duplicate_ids.jsonl"], 1,
     ['duplicate_ids.jsonl:3: warning: duplicate id: "dup-1" was already read at '
      '{dir}/duplicate_ids.jsonl:1; this later copy replaces it'],
     ["dup-1", "dup-2"], []),
    ("empty lines", ["empty_lines.jsonl"], 0, [], ["empty-1", "empty-2"], []),
    ("a BOM", ["bom.jsonl"], 0, [], ["bom-1"], []),
    ("NUL bytes", ["nul_bytes.jsonl"], 1, ["nul_bytes.jsonl:2: NUL byte in line"],
     ["nul-ok", "nul-after"], ["nul-in-body"]),
    ("CRLF line ends", ["crlf.jsonl"], 0, [], ["crlf-1", "crlf-2"], []),
    ("a binary file", ["binary.jsonl"], 1, ["binary.jsonl: binary file, not JSON Lines; skipped"],
     [], []),
    ("a missing path", ["does-not-exist.jsonl"], 1,
     ["does-not-exist.jsonl: no such file or directory"], [], []),
]

with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    r = run(naba, "index", "--db", db, sample_path(root))
    check(r.returncode == 0, f"base index: {r.stderr}")
    base_ids = set(index_ids(db) or [])
    check(len(base_ids) == 400, f"base index holds the 400 sample articles, got {len(base_ids)}")
    before = snapshot(db)
    check(all(total > 0 and found for total, found in before), "snapshot queries find articles")
    expected_ids = set(base_ids)
    table = []

    def run_case(name, paths, status, messages, present, absent, env=None, prefix=None):
        global expected_ids
        r = subprocess.run(
            (prefix or []) + [naba, "index", "--db", db, *paths], capture_output=True, text=True,
            errors="replace", env=env, timeout=600)
        msgs = [m.format(dir=bad) for m in messages]
        check(not crashed(r), f"{name}: no crash: {r.stderr[-500:]}")
        check(r.returncode == status, f"{name}: exit {status}, got {r.returncode}: {r.stderr[-500:]}")
        for m in msgs:
            check(m in r.stderr, f"{name}: message {m!r} in {r.stderr[-800:]!r}")
        ids = set(index_ids(db) or [])
        for i in present:
            check(i in ids, f"{name}: {i} is indexed")
        for i in absent:
            check(i not in ids, f"{name}: {i} is not indexed")
        expected_ids |= set(present)
        check(ids == expected_ids,
              f"{name}: the index holds exactly what came before plus {present}: "
              f"{sorted(ids ^ expected_ids)[:10]}")
        after = snapshot(db)
        check(after == before, f"{name}: earlier articles unchanged (snapshot queries): "
              f"{[(a[0], b[0], set(a[1]) ^ set(b[1])) for a, b in zip(after, before) if a != b]}")
        first = r.stderr.splitlines()[0] if r.stderr else ""
        table.append((name, first, r.returncode))
        return r

    for name, files, status, messages, present, absent in CASES:
        run_case(name, [os.path.join(bad, f) for f in files], status, messages, present, absent)

    # The later copy of a duplicate id wins, and there is one article, not two.
    r = run(naba, "search", "--db", db, "--json", "newcopy")
    res = json.loads(r.stdout)["results"] if r.returncode == 0 else []
    check([x["id"] for x in res] == ["dup-1"], f"duplicate id: the later copy is indexed: {res}")
    check(run(naba, "search", "--db", db, "oldcopy").returncode == 1, "the earlier copy is gone")
    # CRLF: no stray \r in the stored text.
    r = run(naba, "search", "--db", db, "--json", "second")
    check(r.returncode == 0 and "\\r" not in r.stdout, "CRLF: no \\r left in the text")

    # Generated at test time: a 20 MB article, a 1 MB token, an unreadable file, a folder of
    # thousands of files.
    big = os.path.join(tmp, "big.jsonl")
    words = " ".join(sample[1]["body"].split())
    with open(big, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "big-20mb", "title": "zebra big", "body": (words + " ") *
                            ((20 << 20) // len(words.encode()) + 1)}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"id": "after-big", "body": "zebra quartz after big"}) + "\n")
    run_case("a 20 MB article", [big], 1, ["big.jsonl:1: article is 20.0 MB, over the 4.0 MB "
                                          "limit; split it into several articles"],
             ["after-big"], ["big-20mb"])

    token = os.path.join(tmp, "token.jsonl")
    with open(token, "w") as f:
        f.write(json.dumps({"id": "token-1mb", "body": "zebra before " + "a" * (1 << 20) +
                            " after"}) + "\n")
    run_case("a 1 MB token", [token], 0, [], ["token-1mb"], [])
    r = run(naba, "search", "--db", db, "--json", "before")
    check(r.returncode == 0 and json.loads(r.stdout)["results"][0]["id"] == "token-1mb",
          "1 MB token: the words around it are searchable")

    unreadable = os.path.join(tmp, "unreadable.jsonl")
    with open(unreadable, "w") as f:
        f.write(json.dumps({"id": "unreadable-1", "body": "zebra"}) + "\n")
    os.chmod(unreadable, 0)
    # root reads anything: drop the capabilities that let it (setpriv, from util-linux).
    prefix = None
    if os.geteuid() == 0:
        prefix = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                  "--bounding-set=-dac_override,-dac_read_search"]
        if shutil.which("setpriv") is None:
            prefix = "skip"
    if prefix == "skip":
        print("SKIP unreadable file: running as root without setpriv", flush=True)
    else:
        run_case("an unreadable file", [unreadable], 1,
                 ["unreadable.jsonl: Permission denied"], [], ["unreadable-1"], prefix=prefix)

    folder = os.path.join(tmp, "many")
    n_files = 2000
    for i in range(n_files):
        sub = os.path.join(folder, f"d{i % 7}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"file-{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(f"zebra title {i}\nzebra quartz filler body number {i}\n")
    for junk in ("image.png", "notes.md", "data.json"):  # ignored inside folders
        with open(os.path.join(folder, junk), "wb") as f:
            f.write(b"\x89PNG\r\n" if junk.endswith("png") else b"{}")
    r = run_case(f"a folder of {n_files} files", [folder], 0, [],
                 [f"file-{i:05d}" for i in range(n_files)], [])
    check(f"indexed {n_files} articles" in r.stderr, f"folder: summary {r.stderr[-300:]}")

    # --- Bad queries: a message (exit 2) or results (0/1), never a crash.
    long_words = (" ".join(w for w in words.split())) [:10000]
    queries = [
        ("unbalanced quote", '"الرقة دمشق', 2, "unbalanced quote"),
        ("unbalanced parenthesis (", "(سوريا OR العراق", 2, "unbalanced parentheses"),
        ("unbalanced parenthesis )", "سوريا)", 2, "unbalanced parentheses"),
        ("lone AND", "AND", 2, "operator AND needs a word before it"),
        ("lone OR", "OR", 2, "operator OR needs a word before it"),
        ("lone NOT", "NOT", 2, "NOT needs a word after it"),
        ("lone minus", "-", 2, "add a word to search for"),
        ("operators only", "AND OR NOT", 2, "needs a word"),
        ("trailing AND", "سوريا AND", 2, "AND needs a word after it"),
        ("empty parentheses", "()", 2, "empty parentheses"),
        ("only stop words", "في من على إلى", 2, "only stop words"),
        ("only harakat", "\u064e\u064f\u0650\u0651", 2, "only stop words, marks, punctuation"),
        ("only tatweel", "\u0640\u0640\u0640\u0640", 2, "only stop words, marks, punctuation"),
        ("control characters", "سوريا\x01\x02\x1b[31m", 0, None),
        ("empty query", "", 2, "the query is empty"),
        ("blank query", " \t ", 2, "the query is empty"),
        ("field without a word", "title:", 2, "title: needs a word"),
        ("bad date", "سوريا date:2020-13-45", 2, "date: takes YYYY-MM-DD"),
        ("10,000 characters of words", long_words, 0, None),
        ("10,000 characters, one word repeated", ("سوريا " * 2000)[:10000], 0, None),
        ("10,000 characters of nesting", "(" * 4999 + "سوريا" + ")" * 4999, 2,
         "parentheses nested more than 64 deep"),
        ("10,000 characters of OR", " OR ".join(["سوريا"] * 1250)[:10000], None, None),
        ("a 10,000-character word", "س" * 5000, 2, "overlong words"),
    ]
    query_table = []
    for name, q, status, message in queries:
        r = run(naba, "search", "--db", db, "--", q, timeout=300)
        check(not crashed(r), f"query {name}: no crash: {r.stderr[-300:]}")
        if status is not None:
            check(r.returncode == status, f"query {name}: exit {status}, got {r.returncode}: {r.stderr[-300:]}")
        else:
            check(r.returncode in (0, 1, 2), f"query {name}: exit 0, 1 or 2")
        if message:
            check(message in r.stderr, f"query {name}: message {message!r} in {r.stderr!r}")
        if r.returncode == 2:
            check(r.stderr.startswith("naba: ") and r.stderr.count("\n") == 1,
                  f"query {name}: one line of message: {r.stderr!r}")
        query_table.append((name, r.stderr.strip() or r.stdout.splitlines()[0] if r.stdout or r.stderr else "", r.returncode))
    # The same queries in --batch mode never stop the batch.
    batch = os.path.join(tmp, "queries.tsv")
    with open(batch, "w", encoding="utf-8") as f:
        for i, (_, q, _, _) in enumerate(queries):
            f.write(f"q{i}\t{q.replace(chr(9), ' ').replace(chr(10), ' ')}\n")
    r = run(naba, "search", "--db", db, "--batch", batch, timeout=300)
    check(not crashed(r) and r.returncode in (0, 1), f"batch of bad queries: {r.returncode} {r.stderr[-300:]}")

    print("\nbad input | first message | exit")
    for row in table:
        print(" | ".join(map(str, row)))
    print("\nbad query | message or first line | exit")
    for row in query_table:
        print(" | ".join(map(str, row)))

check.finish()
