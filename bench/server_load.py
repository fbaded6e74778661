#!/usr/bin/env python3
"""naba serve under load, on loopback: CLIENTS concurrent clients send REQUESTS requests
mixing searches (70%), searches with facets (20%) and stats (10%) while `naba index` adds a
batch to the same index. Reports errors (must be 0), throughput, p50/p99 per kind, and the
server's overhead over a library call: the p50 of the same queries, one client at a time,
over HTTP, minus `naba search --batch --latency-json` (in-process) on the same index.

    python3 bench/server_load.py [--naba build/cli/naba] [--corpus ../shared/corpus/news.jsonl.gz]
        [--articles 10000] [--batch 1000] [--requests 5000] [--clients 8] [--write-docs]

--write-docs puts the figures in docs/benchmarks.md, in its server section (between the
markers <!-- server_load.py --> ... <!-- /server_load.py -->)."""
import argparse, gzip, http.client, json, os, random, re, subprocess, sys, tempfile, threading, time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def quiet_or_shared(load):
    """What the page says of the machine, from the 1-minute load when the run started."""
    if load < 1.0:
        return "Nothing else ran beside it (load under 1 at the start)."
    return ("**The machine was busy** (load 1 or more at the start): the figures are noisy; "
            "compare within this run only.")


def percentile(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * (len(v) - 1) + 0.5))] if v else 0.0


def split_corpus(corpus, work, articles, batch):
    """The first @p articles of @p corpus (distinct ids) to base.jsonl, the next @p batch
    to batch.jsonl."""
    base, extra = os.path.join(work, "base.jsonl"), os.path.join(work, "batch.jsonl")
    seen = set()
    with benchlib.open_text(corpus) as f, open(base, "w", encoding="utf-8") as b, \
            open(extra, "w", encoding="utf-8") as e:
        for line in f:
            aid = json.loads(line)["id"]
            if aid in seen:
                continue
            seen.add(aid)
            if len(seen) > articles + batch:
                break
            (b if len(seen) <= articles else e).write(line if line.endswith("\n") else line + "\n")
    return base, extra


def mid_diff(rounds, key):
    """The median over rounds of (key - the library's p50) of the same round."""
    diffs = sorted(r[key] - r["library_p50_ms"] for r in rounds)
    return diffs[len(diffs) // 2]


def start_server(naba, db, threads):
    proc = subprocess.Popen([naba, "serve", "--db", db, "--port", "0", "--threads", str(threads)],
                            stderr=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)/", proc.stderr.readline()).group(1))
    # Keep the request log ("GET /api/search 200 0.41ms"), read as it comes so the
    # server never blocks on a full pipe.
    log = []
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    return proc, port, log


def get(conn, path):
    t0 = time.perf_counter()
    conn.request("GET", path)
    res = conn.getresponse()
    body = res.read()
    return res.status, (time.perf_counter() - t0) * 1000, body


def sequential(port, queries):
    """ms per search, one client, keep-alive; a warm pass first, which also drops the
    queries the server refuses (a stop word alone: 400), returned with the timings."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    paths = [f"/api/search?n=10&q={urllib.parse.quote(q)}" for q in queries]
    ok = [get(conn, p)[0] == 200 for p in paths]
    queries[:] = [q for q, good in zip(queries, ok) if good]
    paths = [p for p, good in zip(paths, ok) if good]
    out = []
    for p in paths:
        status, ms, _ = get(conn, p)
        if status == 200:
            out.append(ms)
    conn.close()
    return out


def load(port, queries, requests, clients, seed=19):
    rng = random.Random(seed)
    plan = []
    for _ in range(requests):
        r, q = rng.random(), urllib.parse.quote(rng.choice(queries))
        if r < 0.7:
            plan.append(("search", f"/api/search?n=10&q={q}"))
        elif r < 0.9:
            plan.append(("facets", f"/api/search?n=10&q={q}&facets=source,date:month"))
        else:
            plan.append(("stats", "/api/stats"))
    lock, results, errors = threading.Lock(), [], []
    it = iter(plan)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                item = next(it, None)
            if item is None:
                break
            kind, path = item
            try:
                status, ms, body = get(conn, path)
                cut = status == 200 and b'"cut_short":true' in body
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, ms, cut = str(e), 0.0, False
            with lock:
                results.append((kind, status, ms, cut))
                if status != 200:
                    errors.append((kind, path, status))
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--naba", default=os.path.join(ROOT, "build", "cli", "naba"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "news.jsonl.gz"))
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--threads", type=int, default=8, help="naba serve --threads")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        sys.exit(f"server_load: no corpus at {args.corpus}")
    load_start = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with tempfile.TemporaryDirectory(prefix="naba-server-load-") as work:
        base, extra = split_corpus(args.corpus, work, args.articles, args.batch)
        db = os.path.join(work, "db")
        benchlib.log(f"indexing {args.articles} articles")
        subprocess.run([args.naba, "index", "--db", db, base], check=True, capture_output=True)
        _, short = benchlib.latency_queries(base, args.queries)
        queries = [q for _, q in short]
        proc, port, server_log = start_server(args.naba, db, args.threads)
        try:
            sequential(port, queries)  # drops the queries the server refuses
            tsv = os.path.join(work, "queries.tsv")
            benchlib.write_tsv(tsv, [(f"q{i}", q) for i, q in enumerate(queries)])
            # The library (in-process, warm) and the same queries over HTTP, one at a time,
            # in alternating rounds: the machine's load drifts between two measurements.
            rounds = []
            for _ in range(3):
                lat = os.path.join(work, "lat.json")
                subprocess.run([args.naba, "search", "--db", db, "--batch", tsv, "-n", "10",
                                "--latency-json", lat], check=True, capture_output=True)
                with open(lat) as f:
                    library = json.load(f)
                http_ms = sequential(port, queries)
                time.sleep(0.5)  # the last log lines
                # The server's own time of each request of the timed pass (its log line).
                server_ms = [float(l.split()[-1][:-2]) for l in server_log[-len(http_ms):]]
                rounds.append({"library_p50_ms": library["p50_ms"], "library_p99_ms": library["p99_ms"],
                               "http_p50_ms": round(percentile(http_ms, 0.5), 3),
                               "http_p99_ms": round(percentile(http_ms, 0.99), 3),
                               "server_p50_ms": round(percentile(server_ms, 0.5), 3),
                               "server_p99_ms": round(percentile(server_ms, 0.99), 3)})
            benchlib.log(f"load: {args.requests} requests, {args.clients} clients, indexing {args.batch} more")
            indexer = subprocess.Popen([args.naba, "index", "--db", db, "--batch-size", "100", extra],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            results, errors, seconds = load(port, queries, args.requests, args.clients)
            index_err = indexer.communicate()[1]
            index_overlapped = indexer.returncode == 0
            alive = proc.poll() is None
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            status, _, body = get(conn, "/api/stats")
            final_articles = json.loads(body)["articles"] if status == 200 else None
        finally:
            proc.terminate()
            proc.wait()
    by_kind = {}
    for kind, status, ms, cut in results:
        by_kind.setdefault(kind, []).append(ms)
    cut_short = sum(1 for r in results if r[3])
    report = {
        "started": started, "load_average_start": [round(x, 2) for x in load_start],
        "load_average_end": [round(x, 2) for x in os.getloadavg()], "machine": benchlib.machine(),
        "articles": args.articles, "batch": args.batch, "requests": len(results), "clients": args.clients,
        "threads": args.threads, "errors": len(errors), "error_sample": errors[:5], "server_alive": alive,
        "indexer_ok": index_overlapped, "articles_after": final_articles, "seconds": round(seconds, 2),
        "throughput_rps": round(len(results) / seconds, 1), "cut_short": cut_short,
        "kinds": {k: {"count": len(v), "p50_ms": round(percentile(v, 0.5), 2), "p99_ms": round(percentile(v, 0.99), 2)}
                  for k, v in sorted(by_kind.items())},
        "all": {"p50_ms": round(percentile([r[2] for r in results], 0.5), 2),
                "p99_ms": round(percentile([r[2] for r in results], 0.99), 2)},
        "rounds": rounds,
    }
    mid = lambda key: sorted(r[key] for r in rounds)[len(rounds) // 2]  # noqa: E731
    for key in rounds[0]:
        report[key] = mid(key)
    report["overhead_p50_ms"] = round(mid_diff(rounds, "http_p50_ms"), 3)
    report["server_overhead_p50_ms"] = round(mid_diff(rounds, "server_p50_ms"), 3)
    if index_err.strip():
        report["indexer_stderr"] = index_err.strip()[-300:]
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.write_docs:
        write_docs(report, args)
    return 0 if not errors and alive else 1


def write_docs(r, args):
    cmd = (f"python3 bench/server_load.py --articles {args.articles} --batch {args.batch} "
           f"--requests {args.requests} --clients {args.clients} --threads {args.threads} --write-docs")
    rows = "\n".join(f"| {k} | {v['count']} | {v['p50_ms']} | {v['p99_ms']} |" for k, v in r["kinds"].items())
    la, le = r["load_average_start"], r["load_average_end"]
    section = f"""<!-- server_load.py -->
## naba serve under load

Written by `bench/server_load.py` ({r['started']}):

```
{cmd}
```

- Machine: {r['machine']['cores']} cores ({r['machine']['cpu']}); load average {la[0]} / {la[1]} / {la[2]} when the run started, {le[0]} / {le[1]} / {le[2]} at its end. {quiet_or_shared(la[0])}
- Index: the first {r['articles']:,} articles of `../shared/corpus/news.jsonl.gz`; during the load `naba index --batch-size 100` added {r['batch']:,} more ({r['articles_after']:,} articles at the end: the server saw the commits).
- Load: {r['requests']:,} requests from {r['clients']} concurrent Python clients (keep-alive), 70% searches, 20% searches with `facets=source,date:month`, 10% `/api/stats`, of {args.queries} short queries (1-2 headline words); `naba serve --threads {r['threads']}`.
- **Errors: {r['errors']}**; the server ran throughout: {'yes' if r['server_alive'] else 'NO'}; answers cut short by the 100 ms limit: {r['cut_short']}.
- Throughput: **{r['throughput_rps']} requests/s** ({r['seconds']} s); all requests p50 {r['all']['p50_ms']} ms, p99 {r['all']['p99_ms']} ms (client-side, the Python clients' own time included).

| request | count | p50 ms | p99 ms |
|---|---|---|---|
{rows}

Overhead of the server over a library call: the same index and queries, warm, one at a time, in
three alternating rounds (library, then HTTP) since the machine's load drifts; medians of the rounds.
The library (`naba search --batch --latency-json`, in-process) p50 {r['library_p50_ms']} ms, p99 {r['library_p99_ms']} ms;
over HTTP (one keep-alive Python client) p50 {r['http_p50_ms']} ms, p99 {r['http_p99_ms']} ms,
{r['overhead_p50_ms']} ms over the library at p50 (TCP and the Python client's own work included).
Measured in the server (its log line: from routing to the answer written, JSON included) p50
{r['server_p50_ms']} ms, p99 {r['server_p99_ms']} ms: **{r['server_overhead_p50_ms']} ms over the library at p50**.
Rounds (library p50 / server p50 ms): {', '.join(f"{x['library_p50_ms']} / {x['server_p50_ms']}" for x in r['rounds'])}.
<!-- /server_load.py -->
"""
    path = os.path.join(ROOT, "docs", "benchmarks.md")
    with open(path, encoding="utf-8") as f:
        page = f.read()
    page = re.sub(r"<!-- server_load.py -->.*<!-- /server_load.py -->\n", "", page, flags=re.S).rstrip("\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(page + "\n\n" + section)


if __name__ == "__main__":
    sys.exit(main())
