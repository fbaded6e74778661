#!/usr/bin/env python3
"""Sharded search end to end: the bundled corpus indexed into 2 shards served by
two xapian-tcpsrv on 127.0.0.1, searched through a stub file, must give the same
results (ids, order, scores, passages, highlights, counts) as one index over the
same articles, for 100+ queries built from the corpus; then a shard that is down
must give a clear error naming it (or, with --partial, the live shard's results),
and a shard that hangs must time out instead of hanging the search. Facets over
the remote shards (naba search --facets, and naba serve over the stub) equal one index's.
Exit 77 (skipped) when xapian-tcpsrv is not installed (xapian-tools)."""
import json, os, random, re, shutil, signal, subprocess, sys, tempfile, time, urllib.parse

from naba_testlib import (Checks, Server, runner, sample_articles, sample_path, skip,
                          start_tcpsrv)

naba, root = sys.argv[1], sys.argv[2]
if not shutil.which("xapian-tcpsrv"):
    skip("xapian-tcpsrv not found (apt-get install xapian-tools)")


check = Checks()


run = runner(naba, timeout=120)


def serve(shard):
    try:
        return start_tcpsrv(shard)
    except RuntimeError as e:
        sys.exit(str(e))


def corpus_queries(n):
    """Queries from the corpus: title words, word pairs, body phrases, exclusions,
    field queries and entity names, deterministic."""
    articles = sample_articles(root)
    rnd = random.Random(9)
    word = re.compile(r"[\u0621-\u064a]{4,}")
    queries = ["Raqqa", "Daraa", "Astana", "al-Tanf", "Aleppo", "Damascus", "Idlib", "Trump",
               "Putin", "Erdogan", "الرقة", "أستانة", "استانا", "سوريا -روسيا",
               "(دمشق OR حلب) NOT إدلب", "source:BBC سوريا", "title:سوريا"]
    while len(queries) < n:
        a = rnd.choice(articles)
        words = word.findall(a["title"] + " " + a["body"])
        if len(words) < 3:
            continue
        kind = len(queries) % 5
        if kind == 0:
            queries.append(rnd.choice(words))
        elif kind == 1:
            queries.append(" ".join(rnd.sample(words, 2)))
        elif kind == 2:
            i = rnd.randrange(len(words) - 1)
            queries.append(f'"{words[i]} {words[i + 1]}"')
        elif kind == 3:
            queries.append(f"{rnd.choice(words)} -{rnd.choice(words)}")
        else:
            queries.append(" ".join(rnd.sample(words, 3)))
    return queries


def batch(db, qfile, *opts):
    t0 = time.time()
    r = run("search", "--db", db, "--batch", qfile, "--json", *opts)
    check(r.returncode == 0, f"batch over {db} {opts}: {r.stderr}")
    print(f"{len(r.stdout.splitlines())} queries over {os.path.basename(db)} {' '.join(opts)}: "
          f"{time.time() - t0:.1f} s")
    return {o["qid"]: o for o in map(json.loads, r.stdout.splitlines())}


def comparable(result, other):
    """All of a query's output; the count only where both are exact (beyond 200
    matches Xapian's estimate takes over, and shards estimate differently)."""
    r = dict(result)
    r.pop("qid", None)
    if not (r["total_exact"] and other["total_exact"]):
        r["total"] = r["total_exact"] = "about"
    return r


with tempfile.TemporaryDirectory() as tmp:
    sample = sample_path(root)
    sharded, single = os.path.join(tmp, "sharded"), os.path.join(tmp, "single")
    # The shards are built in two runs (the second commits often, while its
    # stories are looked up among the first run's articles); one index in one.
    lines = open(sample).readlines()
    halves = [os.path.join(tmp, "half1.jsonl"), os.path.join(tmp, "half2.jsonl")]
    for path, part in zip(halves, (lines[:150], lines[150:])):
        with open(path, "w") as f:
            f.writelines(part)
    r = run("index", "--shards", "2", "--db", sharded, halves[0])
    check(r.returncode == 0 and "(2 shards)" in r.stderr, f"sharded index: {r.stderr}")
    r = run("index", "--shards", "2", "--db", sharded, "--batch-size", "7", halves[1])
    check(r.returncode == 0 and "indexed 250 articles" in r.stderr, f"sharded index, 2nd run: {r.stderr}")
    check(open(os.path.join(sharded, "shards.stub")).read().count("auto shard-") == 2, "stub lists 2 shards")
    r = run("index", "--db", single, sample)
    check(r.returncode == 0, f"single index: {r.stderr}")
    r = run("index", "--shards", "3", "--db", sharded, sample)
    check(r.returncode == 2 and "--shards 2" in r.stderr, f"a folder keeps its shard count: {r.stderr}")

    # Re-indexing replaces in the same shard (no --shards needed on a folder of shards).
    first = json.loads(open(sample).readline())
    first["title"] = "نسخة معدلة " + first["title"]
    again = os.path.join(tmp, "again.jsonl")
    with open(again, "w") as f:
        f.write(json.dumps(first, ensure_ascii=False) + "\n")
    r = run("index", "--db", sharded, again)
    check(r.returncode == 0 and "(2 shards)" in r.stderr, f"re-index into the shards: {r.stderr}")
    r = run("stats", "--db", sharded)
    check(r.returncode == 0 and re.search(r"articles\s+400\n", r.stdout), f"still 400 articles: {r.stdout}")
    r = run("search", "--db", sharded, "--json", "--all-duplicates", "-n", "1", "نسخة معدلة")
    check(json.loads(r.stdout)["results"][0]["id"] == first["id"], "the new version is found")
    run("index", "--db", single, again)
    r = run("index", "--db", sharded, "--merge", os.path.join(tmp, "merged"), again)
    check(r.returncode == 0 and "merged 2 shards" in r.stderr, f"--merge: {r.stderr}")

    # Alerts over a folder of shards (issue 20; every match over three batches:
    # tests/alerts_test.py batches_shards): saved over both shards, a cursor each, and
    # index --alerts delivers the article indexed again into its shard, once.
    r = run("alert", "add", "--db", sharded, "revised", "نسخة معدلة")
    check(r.returncode == 0, f"alert add over shards: {r.returncode} {r.stderr}")
    r = run("index", "--db", sharded, "--alerts-json", again)  # indexed again: a new number
    got = [(m["alert"], m["id"]) for m in map(json.loads, r.stdout.splitlines())]
    check(r.returncode == 0 and got == [("revised", first["id"])],
          f"index --alerts over shards delivers the new version: {r.returncode} {got} {r.stderr}")
    r = run("alert", "run", "--db", sharded)
    check(r.returncode == 1 and r.stdout == "", f"and nothing twice: {r.returncode} {r.stdout}")

    queries = corpus_queries(120)
    qfile = os.path.join(tmp, "queries.tsv")
    with open(qfile, "w") as f:
        f.writelines(f"q{i}\t{q}\n" for i, q in enumerate(queries))

    servers = [serve(os.path.join(sharded, f"shard-{k}")) for k in range(2)]
    try:
        stub = os.path.join(tmp, "remote.stub")
        with open(stub, "w") as f:
            f.write(f"# two shards over TCP\nremote tcp 127.0.0.1 {servers[0][1]} 3\n"
                    f"remote 127.0.0.1:{servers[1][1]}\n")

        # A remote shard cannot run the filter that finds new articles: alerts over it
        # are refused at alert add, saying why, before anything is written.
        r = run("alert", "add", "--db", stub, "raqqa", "الرقة")
        check(r.returncode == 2 and "alerts cannot follow the remote shard 'remote tcp 127.0.0.1"
              in r.stderr and "xapian-tcpsrv" in r.stderr,
              f"alert add over remote shards is refused: {r.returncode} {r.stderr}")
        check(not os.path.exists(stub + ".alerts.sqlite"), "no alert store is made beside the stub")

        for opts in [("--passages", "2"), ("--sort", "date", "-n", "5"),
                     ("--all-duplicates", "-n", "20")]:
            want = batch(single, qfile, *opts)
            check(len(want) == len(queries), f"every query ran: {len(want)}")
            found = sum(1 for o in want.values() if o["results"])
            check(found >= 100, f"at least 100 queries find something ({found}) {opts}")
            # Every way in for the main options; the remote stub alone for the others.
            dbs = (stub, sharded, os.path.join(tmp, "merged")) if opts[0] == "--passages" else (stub,)
            for db in dbs:
                got = batch(db, qfile, *opts)
                same = [q for q in want
                        if q in got and comparable(got[q], want[q]) == comparable(want[q], got[q])]
                check(len(same) == len(want),
                      f"{db} {opts}: {len(want) - len(same)} of {len(want)} queries differ from one "
                      f"index, e.g. {[queries[int(q[1:])] for q in want if q not in same][:3]}")
        highlights = sum(len(p["highlights"]) for o in want.values() for res in o["results"]
                         for p in res["passages"])
        check(highlights > 100, f"the comparison covers highlights ({highlights})")

        # Facets over the remote shards (Xapian's ValueCountMatchSpy, serialised to each
        # xapian-tcpsrv) count what one index counts; naba serve over the stub too.
        spec = "source,category,date:day,date:month,date:year"
        facet_queries = ["سوريا", "الرئيس", '"الأمم المتحدة"', "قال -سوريا"]
        with Server(naba, stub) as http:
            check(http.get("/healthz")[0] == 200, "naba serve over the remote stub is healthy")
            for fq in facet_queries:
                want = json.loads(run("search", "--db", single, "--json", "-n", "3", "--facets", spec,
                                      "--", fq).stdout)
                got = json.loads(run("search", "--db", stub, "--json", "-n", "3", "--facets", spec,
                                     "--", fq).stdout)
                check(want["facets"]["source"] and want["facets_complete"] is True,
                      f"{fq}: facets over one index: {want['facets']['source']}")
                check(got.get("facets") == want["facets"] and got.get("facets_complete") is True,
                      f"{fq}: facets over the remote shards = over one index: {got.get('facets')}")
                status, _, body = http.get("/api/search?" + urllib.parse.urlencode(
                    {"q": fq, "n": 3, "facets": spec}))
                check(status == 200 and body.get("facets") == want["facets"] and
                      body.get("facets_complete") is True,
                      f"{fq}: /api/search over the remote stub gives the same facets: {status}")

        # An index made without word positions, served remotely: naba cannot check
        # a phrase there, and says so; words still work.
        plain = serve(single)
        servers.append(plain)
        plain_stub = os.path.join(tmp, "plain.stub")
        with open(plain_stub, "w") as f:
            f.write(f"remote 127.0.0.1:{plain[1]}\n")
        r = run("search", "--db", plain_stub, '"قال الرئيس"')
        check(r.returncode == 2 and "--positions" in r.stderr,
              f"a phrase over a remote index without positions is refused: {r.returncode} {r.stderr}")
        r = run("search", "--db", plain_stub, "قال الرئيس")
        check(r.returncode == 0, f"words over it are searched: {r.stderr}")

        # One server down: an error naming it, fast; --partial searches the other.
        servers[1][0].kill()
        servers[1][0].wait()
        t0 = time.time()
        r = run("search", "--db", stub, "--json", "سوريا")
        check(r.returncode == 2 and f"127.0.0.1:{servers[1][1]}" in r.stderr and "--partial" in r.stderr,
              f"a down shard is named: {r.returncode} {r.stderr}")
        check(time.time() - t0 < 10, "the error comes at once")
        r = run("search", "--db", stub, "--json", "--partial", "سوريا")
        check(r.returncode == 0, f"--partial searches the live shard: {r.stderr}")
        out = json.loads(r.stdout)
        check(out.get("partial") is True and f"remote 127.0.0.1:{servers[1][1]}" in out["missing_shards"],
              f"--partial results are flagged: {out.get('missing_shards')}")
        alone = json.loads(run("search", "--db", os.path.join(sharded, "shard-0"), "--json", "سوريا").stdout)
        check(out["results"] == alone["results"] and out["results"], "--partial gives the live shard's results")
        check("did not answer" in r.stderr, "--partial warns on stderr")

        # A shard that hangs (stopped server): its 3 s timeout, not a hang.
        os.kill(servers[0][0].pid, signal.SIGSTOP)
        t0 = time.time()
        r = run("search", "--db", stub, "--partial", "سوريا", timeout=60)
        elapsed = time.time() - t0
        check(r.returncode == 2 and f"127.0.0.1:{servers[0][1]}" in r.stderr,
              f"a hung shard is named: {r.returncode} {r.stderr}")
        check(elapsed < 20, f"the stub's 3 s timeout applies ({elapsed:.1f} s)")
        os.kill(servers[0][0].pid, signal.SIGCONT)
    finally:
        for proc, _ in servers:
            proc.kill()
            proc.wait()

check.finish()
