#!/usr/bin/env python3
"""A disk that fills up mid-index: on a small tmpfs, index the sample, then a corpus too big
to fit. naba must say the disk is full, exit 2, and leave the last commit intact: the
sample untouched, the new articles whole batches, searches working. Needs root (mount);
otherwise exits 77, which ctest reports as skipped.

The disk fills at a different write on each (disk size, batch size) below, among them
points inside a commit, where glass writes values from a destructor: each of these
aborted the process (std::terminate) before naba checked for room ahead of its commits.

Usage: disk_full_test.py NABA SOURCE_DIR [SIZE:BATCH ...]   (e.g. 9m:50; default: FILL_POINTS)"""
import json, os, subprocess, sys, tempfile

from naba_testlib import Checks, make_corpus, passages_by_article, run, sample_path, skip

naba, root = sys.argv[1], sys.argv[2]
FILL_POINTS = [("9m", 50), ("10m", 200), ("11m", 50), ("12m", 200), ("16m", 200), ("18m", 200)]
if sys.argv[3:]:
    FILL_POINTS = [(a.split(":")[0], int(a.split(":")[1])) for a in sys.argv[3:]]
QUERY = ["--json", "-n", "1000", "--all-duplicates", "--", "سوريا"]
check = Checks()


def fill_up(tmp, corpus, ids, size, batch):
    mnt = os.path.join(tmp, f"disk-{size}-{batch}")
    os.mkdir(mnt)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mnt],
                       capture_output=True, text=True)
    if m.returncode != 0:
        skip(f"cannot mount a tmpfs here (needs root): {m.stderr.strip()}")
    try:
        db = os.path.join(mnt, "db")
        r = run(naba, "index", "--db", db, sample_path(root))
        check(r.returncode == 0, f"{size}: the sample fits: {r.stderr}")
        base = passages_by_article(db)
        before = run(naba, "search", "--db", db, *QUERY)
        for attempt in (1, 2):  # the second run finds the disk already full
            r = run(naba, "index", "--db", db, "--batch-size", str(batch), corpus)
            what = f"{size} disk, batches of {batch}, run {attempt}"
            print(f"{what}: exit {r.returncode}: {r.stderr.strip()}", flush=True)
            check(r.returncode == 2, f"{what}: exit 2, got {r.returncode}")
            check("the disk is full (no space left on device)" in r.stderr and
                  "keeps its last commit" in r.stderr, f"{what}: says the disk is full")
            check("Traceback" not in r.stderr and "terminate called" not in r.stderr,
                  f"{what}: no crash")
            held = passages_by_article(db)
            check(held is not None, f"{what}: the index opens")
            held = held or {}
            check(all(held.get(a) == n for a, n in base.items()),
                  f"{what}: every sample article is there with its passages")
            new = [a for a in held if a not in base]
            check(len(new) % batch == 0 and set(new) == set(ids[:len(new)]),
                  f"{what}: new articles are whole committed batches ({len(new)})")
            after = run(naba, "search", "--db", db, *QUERY)
            old = {x["id"] for x in json.loads(before.stdout)["results"]}
            now = ({x["id"] for x in json.loads(after.stdout)["results"]}
                   if after.returncode == 0 else set())
            check(old <= now, f"{what}: searches work and still find the sample's articles")
            print(f"{what}: the index holds {len(held)} articles ({len(new)} new, "
                  f"{len(new) // batch} batches)", flush=True)
    finally:
        subprocess.run(["umount", mnt])


with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "corpus.jsonl")
    ids, _ = make_corpus(corpus, root, 5000)
    with open(corpus, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f]
    with open(corpus, "w", encoding="utf-8") as f:  # new ids: added, not replacing
        for a in lines:
            f.write(json.dumps(dict(a, id="new-" + a["id"]), ensure_ascii=False) + "\n")
    ids = ["new-" + i for i in ids]
    for size, batch in FILL_POINTS:
        fill_up(tmp, corpus, ids, size, batch)
check.finish()
