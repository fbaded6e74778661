#!/usr/bin/env python3
"""What naba serve adds to a search, in instructions (callgrind), not wall time: on a
loaded machine wall-clock overheads of a fraction of a millisecond are noise.

Runs `naba serve --threads 1` under `valgrind --tool=callgrind`, sends the same short
queries as bench/server_load.py (a warm pass, then REPEAT counted passes, one client,
keep-alive; the counters are zeroed between them), and reports per request:
  - server: the worker's instructions for the whole request (httplib's
    process_and_close_socket, which serves every request of the connection);
  - search: naba::Searcher::search inside it;
  - overhead: server - search (HTTP parsing, naba's checks, JSON, the log line);
and the same queries through the library (`naba search --batch`, in-process), for
Searcher::search's own cost without the server's options.

    python3 bench/server_callgrind.py [--naba build/cli/naba] [--corpus corpus/sample.jsonl]
        [--queries 50] [--repeat 2]"""
import argparse, http.client, os, re, subprocess, sys, tempfile, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def inclusive(out_file, pattern):
    """The inclusive instruction count of the functions whose name matches @p pattern."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out_file],
                          capture_output=True, text=True, check=True).stdout
    total = 0
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) .*?:(.*)$", line)
        if m and re.search(pattern, m.group(2)):
            total = max(total, int(m.group(1).replace(",", "")))
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--naba", default=os.path.join(ROOT, "build", "cli", "naba"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus", "sample.jsonl"))
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--keep", help="keep the callgrind files in this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="naba-server-cg-") as tmp:
        work = args.keep or tmp
        os.makedirs(work, exist_ok=True)
        db = os.path.join(work, "db")
        subprocess.run([args.naba, "index", "--db", db, args.corpus], check=True, capture_output=True)
        queries = [q for _, q in benchlib.latency_queries(args.corpus, args.queries)[1]]
        out = os.path.join(work, "serve.cg")
        proc = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                                 args.naba, "serve", "--db", db, "--port", "0", "--threads", "1"],
                                stderr=subprocess.PIPE, text=True)
        port = None
        while port is None:
            line = proc.stderr.readline()
            if not line:
                sys.exit("server_callgrind: naba serve did not start")
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            port = int(m.group(1)) if m else None
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        paths = [f"/api/search?n=10&q={urllib.parse.quote(q)}" for q in queries]
        ok = []
        for p in paths:  # the warm pass; drops the queries the server refuses
            conn.request("GET", p)
            res = conn.getresponse()
            res.read()
            ok.append(res.status == 200)
        paths = [p for p, good in zip(paths, ok) if good]
        queries = [q for q, good in zip(queries, ok) if good]
        # Counted from here: the first request's Searcher (the analyzer's tables) is left out.
        subprocess.run(["callgrind_control", "-z", str(proc.pid)], check=True, capture_output=True)
        for _ in range(args.repeat):
            for p in paths:
                conn.request("GET", p)
                conn.getresponse().read()
        conn.close()
        time.sleep(0.5)
        proc.terminate()
        proc.communicate()
        requests = args.repeat * len(paths)
        server = inclusive(out, r"httplib::Server::process_and_close_socket")
        search = inclusive(out, r"naba::Searcher::search\(std::basic_string_view")

        tsv = os.path.join(work, "queries.tsv")
        benchlib.write_tsv(tsv, [(f"q{i}", q) for i, q in enumerate(queries)])
        lib_out = os.path.join(work, "lib.cg")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={lib_out}", args.naba,
                        "search", "--db", db, "--batch", tsv, "-n", "10"],
                       check=True, capture_output=True)
        lib_search = inclusive(lib_out, r"naba::Searcher::search\(std::basic_string_view")
        lib_requests = 2 * len(queries)  # --batch: a warm pass, then the timed one
    print(f"requests {requests} ({args.repeat} x {len(paths)} queries, after a warm pass)")
    print(f"server per request     {server / requests:12,.0f} Ir")
    print(f"  Searcher::search     {search / requests:12,.0f} Ir")
    print(f"  overhead             {(server - search) / requests:12,.0f} Ir")
    print(f"library Searcher::search per query (naba search --batch) {lib_search / lib_requests:12,.0f} Ir")


if __name__ == "__main__":
    main()
