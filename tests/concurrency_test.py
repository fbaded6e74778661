#!/usr/bin/env python3
"""Concurrent use: searches (and stats) in a loop while `naba index` commits batch after
batch must never fail; a second writer is refused at once with the holder's pid, or waits
with --wait and then completes.

Usage: concurrency_test.py NABA SOURCE_DIR [--articles N] [--batch-size N] [--batch-queries N]"""
import argparse, json, os, subprocess, sys, tempfile, time

from naba_testlib import Checks, make_corpus, run, sample_path

parser = argparse.ArgumentParser()
parser.add_argument("naba")
parser.add_argument("root")
parser.add_argument("--articles", type=int, default=5000)
parser.add_argument("--batch-size", type=int, default=5)
parser.add_argument("--batch-queries", type=int, default=60, help="queries per search --batch")
args = parser.parse_args()
naba = args.naba
check = Checks()
# Each has results in the base index (the sample corpus), from the start.
QUERIES = ["سوريا", "الرقة", '"وزير الخارجية"', "Raqqa", "دمشق OR بغداد", "title:ترامب"]
# Xapian keeps a revision readable until the second commit after it: a search slower than two
# commits (here one every few milliseconds) can be outpaced on all its 20 attempts. It must say
# so (exit 2, this message), never answer wrongly, and stay rare.
OUTPACED = "the index kept changing (a writer committed); try again"

with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    r = run(naba, "index", "--db", db, sample_path(args.root))
    check(r.returncode == 0, f"base index: {r.stderr}")
    corpus = os.path.join(tmp, "corpus.jsonl")
    # Ids of their own, so the new articles add to the sample rather than replace it.
    ids, source = make_corpus(corpus, args.root, args.articles)
    with open(corpus, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f]
    with open(corpus, "w", encoding="utf-8") as f:
        for a in lines:
            f.write(json.dumps(dict(a, id="new-" + a["id"]), ensure_ascii=False) + "\n")
    extra = os.path.join(tmp, "extra.jsonl")
    with open(extra, "w") as f:
        f.write(json.dumps({"id": "second-writer", "body": "zebra quartz second writer"}) + "\n")

    writer = subprocess.Popen([naba, "index", "--db", db, "--batch-size", str(args.batch_size),
                               corpus], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    start = time.monotonic()
    # Wait until it holds the lock: it writes its pid to naba.pid right after taking it.
    pid_file = os.path.join(db, "naba.pid")
    while writer.poll() is None and time.monotonic() - start < 120:
        with open(pid_file) as f:
            if f.read().strip() == str(writer.pid):
                break
        time.sleep(0.02)

    # A second writer is refused at once, naming the first one's pid.
    t = time.monotonic()
    second = run(naba, "index", "--db", db, extra)
    refused_in = time.monotonic() - t
    if writer.poll() is None:
        check(second.returncode == 2, f"second writer: exit 2, got {second.returncode}")
        msg = f"is locked by another naba process (pid {writer.pid})"
        check(msg in second.stderr, f"second writer: {msg!r} in {second.stderr!r}")
        check(refused_in < 5, f"second writer refused at once ({refused_in:.2f} s)")
    else:
        check(False, "the first writer finished too soon to test the lock; use more articles")
    # With --wait it waits for the first writer and then does its job.
    waiter = subprocess.Popen([naba, "index", "--db", db, "--wait", extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    # One long-lived searcher too: --batch runs many queries over one open index, which is
    # where Xapian reports DatabaseModifiedError when a commit lands between reads.
    batch = os.path.join(tmp, "queries.tsv")
    with open(batch, "w", encoding="utf-8") as f:
        for i in range(args.batch_queries):
            f.write(f"q{i}\t{QUERIES[i % len(QUERIES)]}\n")
    searches = batch_queries = stats_calls = failures = outpaced = 0
    seen_counts = set()
    while writer.poll() is None:
        b = run(naba, "search", "--db", db, "--batch", batch, "-n", "5")
        batch_queries += args.batch_queries
        answered = {line.split()[0] for line in b.stdout.splitlines()}
        unanswered = {f"q{i}" for i in range(args.batch_queries)} - answered
        told = {q for q in unanswered
                if any(f"query {q}: " in line and OUTPACED in line for line in b.stderr.splitlines())}
        outpaced += len(told)
        if (b.returncode != 0 or unanswered != told
                or f"{args.batch_queries} queries, {len(told)} could not be run" not in b.stderr):
            failures += 1
            print(f"batch failed during indexing: {b.returncode} {len(answered)} {b.stderr}",
                  file=sys.stderr)
        q = QUERIES[searches % len(QUERIES)]
        s = run(naba, "search", "--db", db, "--json", "-n", "5", "--", q)
        searches += 1
        if s.returncode == 2 and OUTPACED in s.stderr:
            outpaced += 1
        elif s.returncode != 0 or not json.loads(s.stdout)["results"]:
            failures += 1
            print(f"search {q!r} failed during indexing: {s.returncode} {s.stderr}", file=sys.stderr)
        st = run(naba, "stats", "--db", db, "--json")  # which commit the readers see
        stats_calls += 1
        if st.returncode != 0:
            failures += 1
            print(f"stats failed during indexing: {st.stderr}", file=sys.stderr)
        else:
            seen_counts.add(json.loads(st.stdout)["articles"])
    duration = time.monotonic() - start
    _, writer_err = writer.communicate()
    check(writer.returncode == 0, f"first writer: exit 0: {writer_err[-300:]}")
    waiter_out, waiter_err = waiter.communicate(timeout=600)
    check(waiter.returncode == 0, f"--wait writer: exit 0 after the first: {waiter_err[-300:]}")

    check(failures == 0, f"{failures} failed operations during indexing")
    check(outpaced <= max(1, (batch_queries + searches) // 100),
          f"at most 1% of searches outpaced by commits: {outpaced}")
    check(searches >= 5 and batch_queries >= 5 * args.batch_queries,
          f"enough searches ran during indexing ({searches}, {batch_queries})")
    check(len(seen_counts) >= 2, f"searches saw several commits: {sorted(seen_counts)}")
    final = json.loads(run(naba, "stats", "--db", db, "--json").stdout)
    check(final["articles"] == 400 + len(ids) + 1, f"final count: {final['articles']}")
    r = run(naba, "search", "--db", db, "--json", "zebra")
    check(r.returncode == 0 and json.loads(r.stdout)["results"][0]["id"] == "second-writer",
          "the waiting writer's article is indexed")
    print(f"concurrency: {duration:.1f} s of indexing {len(ids)} articles in batches of "
          f"{args.batch_size}; {searches} search commands, {batch_queries} queries in --batch "
          f"runs, {stats_calls} stats calls, {failures} failed, {outpaced} outpaced by commits; "
          f"{len(seen_counts)} distinct committed states seen; second writer refused in "
          f"{refused_in:.2f} s; --wait writer completed after the first", flush=True)
check.finish()
