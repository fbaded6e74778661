#!/usr/bin/env python3
"""Crash safety: SIGKILL `naba index` at random moments.

For each trial, on a fresh index: start `naba index --batch-size B corpus`, kill it with
SIGKILL after a random delay, then check that the index opens, searches work and it holds
exactly the articles of the batches committed before the kill: the first k*B articles of
the corpus, each with exactly its passages (no duplicates, nothing half-written). Then run
the same command again: it must complete with every article exactly once.

Usage: kill_test.py NABA SOURCE_DIR [--trials N] [--articles N] [--batch-size N] [--seed N]"""
import argparse, json, os, random, signal, subprocess, sys, tempfile, time

from naba_testlib import Checks, make_corpus, passages_by_article, run

parser = argparse.ArgumentParser()
parser.add_argument("naba")
parser.add_argument("root")
parser.add_argument("--trials", type=int, default=20)
parser.add_argument("--articles", type=int, default=5000)
parser.add_argument("--batch-size", type=int, default=250)
parser.add_argument("--seed", type=int, default=int(os.environ.get("NABA_KILL_SEED", "0")) or None)
args = parser.parse_args()
seed = args.seed or random.randrange(1, 1 << 31)
rng = random.Random(seed)
check = Checks()
B = args.batch_size

with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "corpus.jsonl")
    ids, source = make_corpus(corpus, args.root, args.articles)
    print(f"corpus: {len(ids)} articles from {source}; batch size {B}; seed {seed}", flush=True)

    # The reference: one uninterrupted run, for the passages of every article and the time.
    ref_db = os.path.join(tmp, "ref")
    start = time.monotonic()
    r = run(args.naba, "index", "--db", ref_db, "--batch-size", str(B), corpus)
    full_time = time.monotonic() - start
    check(r.returncode == 0, f"reference run: {r.stderr}")
    reference = passages_by_article(ref_db)
    check(reference is not None and sorted(reference) == sorted(ids),
          "the reference index holds every article")
    print(f"uninterrupted run: {full_time:.1f} s", flush=True)
    title_query = ["--", "title:" + json.loads(open(corpus, encoding="utf-8").readline())["title"].split()[0]]

    outcomes = []
    for trial in range(1, args.trials + 1):
        db = os.path.join(tmp, f"db{trial}")
        command = [args.naba, "index", "--db", db, "--batch-size", str(B), corpus]
        delay = rng.uniform(0.05, full_time)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        finished_first = proc.poll() is not None
        if not finished_first:
            proc.send_signal(signal.SIGKILL)
        proc.communicate()
        what = f"trial {trial} (kill after {delay:.2f} s)"

        held = passages_by_article(db) if os.path.exists(os.path.join(db, "iamglass")) else {}
        check(held is not None, f"{what}: the index opens")
        held = held or {}
        n = len(held)
        check(n % B == 0 or n == len(ids), f"{what}: {n} articles is whole batches of {B}")
        check(set(held) == set(ids[:n]),
              f"{what}: the index holds exactly the first {n} articles of the corpus")
        bad = [a for a, count in held.items() if reference.get(a) != count]
        check(not bad, f"{what}: every article has exactly its passages: {bad[:5]}")
        if n:
            s = run(args.naba, "search", "--db", db, "--json", *title_query)
            check(s.returncode == 0 and json.loads(s.stdout)["results"],
                  f"{what}: search works: {s.returncode} {s.stderr}")
            st = run(args.naba, "stats", "--db", db, "--json")
            check(st.returncode == 0 and json.loads(st.stdout)["articles"] == n,
                  f"{what}: stats counts {n} articles: {st.stdout} {st.stderr}")

        # The same command again completes the job: every article once, nothing duplicated.
        start = time.monotonic()
        again = subprocess.run(command, capture_output=True, text=True, errors="replace")
        rerun_time = time.monotonic() - start
        check(again.returncode == 0, f"{what}: re-run exits 0: {again.stderr[-500:]}")
        after = passages_by_article(db) or {}
        check(after == reference,
              f"{what}: after the re-run, {len(after)} articles with their passages "
              f"(want {len(reference)}, exactly as the reference)")
        st = run(args.naba, "stats", "--db", db, "--json")
        stats = json.loads(st.stdout) if st.returncode == 0 else {}
        check(stats.get("articles") == len(ids) and
              stats.get("passages") == sum(reference.values()),
              f"{what}: stats after the re-run: {stats}")
        outcome = "finished before the kill" if finished_first else f"{n // B} batches committed"
        outcomes.append((trial, delay, outcome, n, rerun_time))
        print(f"trial {trial:2d}: killed after {delay:5.2f} s: {outcome} ({n} articles held); "
              f"re-run {rerun_time:.1f} s -> {stats.get('articles')} articles, "
              f"{stats.get('passages')} passages", flush=True)
        subprocess.run(["rm", "-rf", db])

    killed = sum(1 for o in outcomes if o[2] != "finished before the kill")
    empty = sum(1 for o in outcomes if o[3] == 0)
    print(f"{len(outcomes)} trials: {killed} killed mid-run ({empty} before the first commit), "
          f"{len(outcomes) - killed} finished first; every re-run complete", flush=True)
check.finish()
