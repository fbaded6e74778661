#!/usr/bin/env python3
"""Alert delivery to a webhook, timed: 10,000 alerts over a 1,000-article batch, digests
POSTed to a receiver on loopback, next to the same run printing on standard output.

  bench/alerts_delivery.py [--naba build/cli/naba] [--work /tmp/naba-alerts-delivery]
                           [--alerts 10000] [--base 9000] [--batch 1000] [--rounds 3]

The index: BASE articles of the shared corpus (../shared/corpus/news.jsonl.gz; the bundled
sample, ids varied, without it), then the alerts (words, title phrases, A AND B, A OR B, a
word with --source, drawn from the base's titles, seeded), then BATCH more articles. Each
round restores the alert store as it was after the batch was indexed and times
`naba alert run` twice: every alert on standard output (`--json` to a file), then every alert
as a digest to the receiver (one POST per alert with new matches, kept-alive connection). The
receiver (asyncio, another process) keeps each request; afterwards every signature is checked
(HMAC-SHA256) and the pairs it got must equal the pairs printed. Not a ctest.
"""
import argparse, asyncio, hashlib, hmac, json, multiprocessing, os, random, re, shutil
import sqlite3, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from naba_testlib import make_corpus  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SECRET = "b" * 64


def receiver(port_queue, done, out_path):
    """HTTP/1.1 on a free loopback port: 200 to every POST, bodies and signatures kept."""
    got = []

    async def serve(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                headers = dict(l.split(b": ", 1) for l in head.split(b"\r\n")[1:] if b": " in l)
                headers = {k.lower(): v for k, v in headers.items()}
                body = await reader.readexactly(int(headers.get(b"content-length", b"0")))
                got.append((headers.get(b"x-naba-signature", b"").decode(),
                            headers.get(b"idempotency-key", b"").decode(), body))
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port_queue.put(server.sockets[0].getsockname()[1])
        while not done.is_set():
            await asyncio.sleep(0.05)
        with open(out_path, "w") as f:
            for sig, key, body in got:
                f.write(json.dumps([sig, key, body.decode()]) + "\n")

    asyncio.run(main())


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr}")
    return r


def alert_queries(corpus, n, seed=20):
    """@p n (query words, options) from the titles of @p corpus."""
    rng = random.Random(seed)
    titles, sources = [], set()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            titles.append(re.findall(r"[\u0621-\u064a]{4,}", a.get("title") or ""))
            sources.add(a.get("source") or "")
    titles = [t for t in titles if len(t) >= 2]
    # Words a desk would follow: names and topics, not the commonest words of the news
    # (each in at most 1 title in 300, as the gazetteer's names of naba_bench_alerts).
    counts = {}
    for t in titles:
        for w in set(t):
            counts[w] = counts.get(w, 0) + 1
    words = sorted(w for w, c in counts.items() if 2 <= c <= max(3, len(titles) // 300))
    sources = sorted(s for s in sources if s)
    out = []
    for i in range(n):
        kind = rng.random()
        t = rng.choice(titles)
        if kind < 0.4:
            out.append(([rng.choice(words)], ""))
        elif kind < 0.6:
            j = rng.randrange(len(t) - 1)
            out.append(([f'"{t[j]} {t[j + 1]}"'], ""))
        elif kind < 0.8:  # two words of one title
            a, b = rng.sample(t, 2)
            out.append(([f"{a} AND {b}"], ""))
        elif kind < 0.9:
            out.append(([f"({rng.choice(words)} OR {rng.choice(words)})"], ""))
        else:
            out.append(([rng.choice(words)], rng.choice(sources)))
    return out


def setup(naba, work, n_alerts, n_base, n_batch):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    corpus = os.path.join(work, "corpus.jsonl")
    ids, source = make_corpus(corpus, ROOT, n_base + n_batch)
    lines = open(corpus, encoding="utf-8").readlines()
    base, batch = os.path.join(work, "base.jsonl"), os.path.join(work, "batch.jsonl")
    open(base, "w", encoding="utf-8").writelines(lines[:n_base])
    open(batch, "w", encoding="utf-8").writelines(lines[n_base:])
    db = os.path.join(work, "db")
    run([naba, "index", "--db", db, base])
    # One alert through the command (the store, its schema, the cursor at the base's end);
    # the others copied from it in SQL: 10,000 processes would time the setup, not the run.
    run([naba, "alert", "add", "--db", db, "a0", "--", "سوريا"])
    # Bypassing alert add, its check of the query is made here (naba.Searcher.check of the
    # Python module beside the command), the queries it refuses drawn again.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(naba)), "python"))
    import naba as module
    queries = []
    for words, src in alert_queries(base, 3 * n_alerts):
        try:
            module.Searcher.check(" ".join(words))
            queries.append((words, src))
        except (module.BadQueryError, module.BadArgumentError):
            pass
    con = sqlite3.connect(os.path.join(db, "alerts.sqlite"))
    with con:
        for i, (words, src) in enumerate(queries[:n_alerts - 1], 1):
            con.execute("INSERT INTO alerts(name, query, source, since, created, cursor, secret)"
                        " SELECT ?, ?, ?, '', created, cursor, ? FROM alerts WHERE name = 'a0'",
                        (f"a{i}", " ".join(words), src, SECRET))
        con.execute("UPDATE alerts SET secret = ?", (SECRET,))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    run([naba, "index", "--db", db, batch])
    return db, source


def timed(cmd, stdout=subprocess.DEVNULL):
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr}")
    return wall, r.stderr.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--naba", default=os.path.join(ROOT, "build", "cli", "naba"))
    ap.add_argument("--work", default="/tmp/naba-alerts-delivery")
    ap.add_argument("--alerts", type=int, default=10000)
    ap.add_argument("--base", type=int, default=9000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    db, source = setup(args.naba, args.work, args.alerts, args.base, args.batch)
    store = os.path.join(db, "alerts.sqlite")
    pristine = os.path.join(args.work, "pristine.sqlite")
    shutil.copy(store, pristine)

    def restore(webhook):
        for suffix in ("-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        shutil.copy(pristine, store)
        con = sqlite3.connect(store)
        with con:
            con.execute("UPDATE alerts SET webhook = ?, digest = ?", (webhook, int(bool(webhook))))
        con.close()

    print(f"corpus: {source}; {args.base} + {args.batch} articles, {args.alerts} alerts; "
          f"{os.cpu_count()} cores", flush=True)
    for rnd in range(1, args.rounds + 1):
        load = os.getloadavg()
        restore("")
        out = os.path.join(args.work, "stdout.jsonl")
        with open(out, "w") as f:
            stdout_wall, stdout_msg = timed([args.naba, "alert", "run", "--db", db, "--json"], f)
        printed = {(m["alert"], m["id"]) for m in map(json.loads, open(out, encoding="utf-8"))}

        ctx = multiprocessing.get_context("fork")
        ports, done = ctx.Queue(), ctx.Event()
        got_path = os.path.join(args.work, "received.jsonl")
        rec = ctx.Process(target=receiver, args=(ports, done, got_path))
        rec.start()
        port = ports.get(timeout=30)
        restore(f"http://127.0.0.1:{port}/hook")
        hook_wall, hook_msg = timed([args.naba, "alert", "run", "--db", db])
        done.set()
        rec.join()
        received, bad, keys = set(), 0, set()
        posts = 0
        for line in open(got_path, encoding="utf-8"):
            sig, key, body = json.loads(line)
            posts += 1
            keys.add(key)
            want = "sha256=" + hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
            bad += not hmac.compare_digest(sig, want)
            m = json.loads(body)
            received |= {(m["alert"], x["id"]) for x in m["matches"]}
        ok = received == printed and bad == 0 and len(keys) == posts
        print(f"round {rnd} (load {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}): "
              f"stdout {stdout_wall:.2f} s wall ({len(printed)} matches); "
              f"webhook digests {hook_wall:.2f} s wall ({posts} POSTs, {len(received)} matches,"
              f" {bad} bad signatures){'' if ok else '  MISMATCH'}", flush=True)
        print(f"  stdout run: {stdout_msg}\n  webhook run: {hook_msg}", flush=True)
        if not ok:
            sys.exit(1)


if __name__ == "__main__":
    main()
