#!/usr/bin/env python3
"""naba serve end to end, on a free loopback port over the bundled corpus plus two
articles full of markup: every route's schema (search equal to naba search --json),
facets that add up to naba search's per-source and per-category totals, a search cut short
by the time limit (a tiny one, --search-ms 1) still answered, every error status, the token,
CORS, limits, hostile HTTP (bad methods, huge headers, bad percent-encoding, invalid
UTF-8, paths that try to reach files), and a commit seen by the running server."""
import json, os, shutil, sys, tempfile, time, urllib.parse

from naba_testlib import INJECTIONS, Checks, Server, injection_articles, runner

naba, root = sys.argv[1], sys.argv[2]
run = runner(naba)
check = Checks()
q = urllib.parse.quote


def cli_json(*args):
    r = run(*args)
    return json.loads(r.stdout) if r.returncode in (0, 1) and r.stdout.strip() else None


def check_search_schema(body, what):
    keys = ["query", "total", "total_exact", "results", "warnings"]
    check(isinstance(body, dict) and list(body)[:5] == keys, f"{what}: keys {keys}: {body}")
    for r in body.get("results", []):
        check(list(r) == ["rank", "id", "title", "date", "source", "url", "score", "duplicates",
                          "passages"], f"{what}: result keys {list(r)}")
        for p in r["passages"]:
            check(list(p) == ["index", "paragraph", "text", "score", "highlights"],
                  f"{what}: passage keys {list(p)}")


def api_routes(s, db):
    status, headers, body = s.get("/healthz")
    check(status == 200 and body == {"status": "ok"}, f"/healthz: {status} {body}")

    # /api/search is naba search --json, on the same index and options.
    for query, extra in [("سوريا", "&n=5&passages=2"), ("درعا", "&sort=date&n=3"),
                         ("سوريا", "&n=3&offset=2&all_duplicates=1"),
                         ("سوريا", "&source=bbc&since=2018-03-01&until=2018-09-30&n=20"),
                         ("سوريا", "&category=middleEast&until=2018-06-30&sort=date"),
                         ("الحكموة السورية", "&n=3"), ("الحكموة السورية", "&n=3&as_written=1")]:
        status, headers, body = s.get(f"/api/search?q={q(query)}{extra}")
        check(status == 200 and headers.get("Content-Type") == "application/json",
              f"search {query}{extra}: {status} {headers.get('Content-Type')}")
        check_search_schema(body, f"search {query}{extra}")
        args = {"n": "-n", "passages": "--passages", "sort": "--sort", "offset": "--offset",
                "source": "--source", "since": "--since", "until": "--until", "category": "--category"}
        cli = ["search", "--db", db, "--json"]
        for k, v in urllib.parse.parse_qsl(extra.lstrip("&")):
            cli += {"all_duplicates": ["--all-duplicates"], "as_written": ["--as-written"]}.get(
                k, [args.get(k), v])
        check(body == cli_json(*cli, "--", query), f"search {query}{extra} equals naba search --json")
        check(body["results"], f"search {query}{extra} finds something")
        params = dict(urllib.parse.parse_qsl(extra.lstrip("&")))
        if query == "الحكموة السورية":  # a typo, searched as the word unless as written
            check(("corrections" in body) != ("as_written" in params),
                  f"search {query}{extra}: corrections {body.get('corrections')}")
        for r in body["results"]:
            day = r["date"][:10]
            check(r["source"].lower() == params.get("source", r["source"]).lower() and
                  params.get("since", day) <= day <= params.get("until", day),
                  f"search {query}{extra}: {r['id']} {r['source']} {day} within the filters")

    # Facets: over every matching article, equal to naba search's per-source totals.
    status, _, body = s.get(f"/api/search?q={q('سوريا')}&n=1&facets=source,date:day,date:month,date:year")
    check(status == 200 and body.get("facets_complete") is True, f"facets: {status}")
    facets = body.get("facets", {})
    check(list(facets) == ["source", "date:day", "date:month", "date:year"], f"facet names {list(facets)}")
    sources = facets.get("source", [])
    check(len(sources) >= 3, f"several sources: {sources}")
    for f in sources:
        cli = cli_json("search", "--db", db, "--json", "--source", f["value"], "--", "سوريا")
        check(cli and cli["total"] == f["count"],
              f"facet {f['value']}: {f['count']} = naba search --source total {cli and cli['total']}")
    totals = {name: sum(c["count"] for c in facets.get(name, [])) for name in facets}
    check(len(set(totals.values())) == 1 and totals["source"] <= body["total"],
          f"every facet counts the same articles: {totals}, total {body['total']}")
    months = [c["value"] for c in facets.get("date:month", [])]
    check(months == sorted(months) and all(len(m) == 7 for m in months), f"months in order: {months}")
    cli = cli_json("search", "--db", db, "--json", "-n", "1", "--facets",
                   "source,date:day,date:month,date:year", "--", "سوريا")
    check(cli and cli.get("facets") == facets, "naba search --facets gives the API's facets")

    # The category facet: each count is naba search --category's total, and
    # every article with a category is counted once.
    status, _, body = s.get(f"/api/search?q={q('سوريا')}&n=1&facets=category,source")
    categories = body.get("facets", {}).get("category", [])
    check(status == 200 and len(categories) >= 3, f"category facet: {status} {categories}")
    for f in categories:
        cli = cli_json("search", "--db", db, "--json", "--category", f["value"], "--", "سوريا")
        check(cli and cli["total"] == f["count"],
              f"facet category {f['value']}: {f['count']} = naba search --category total {cli and cli['total']}")
        status, _, narrowed = s.get(f"/api/search?q={q('سوريا')}&n=1&category={q(f['value'].upper())}")
        check(status == 200 and narrowed["total"] == f["count"], f"category={f['value']} (any case): {narrowed.get('total')}")
    check(sum(c["count"] for c in categories) == sum(c["count"] for c in body["facets"]["source"]),
          f"the sample's articles each have one category: {categories}")
    cli = cli_json("search", "--db", db, "--json", "-n", "1", "--facets", "category", "--", "سوريا")
    check(cli and cli.get("facets", {}).get("category") == categories, "naba search --facets category")

    status, _, body = s.get(f"/api/analyze?text={q('وبالرقة في سوريا')}")
    check(status == 200 and [r["original"] for r in body["rows"]] == ["وبالرقة", "في", "سوريا"]
          and body["rows"][0]["name"] == "raqqa" and body["rows"][1]["stopword"] is True,
          f"analyze: {status} {body}")
    status, _, body = s.get("/api/stats")
    check(status == 200 and body == cli_json("stats", "--db", db, "--json"), f"stats = naba stats --json: {body}")

    # Aliases: add, list (as naba alias list --json), remove.
    status, _, body = s.request("POST", "/api/aliases", {"name": "نبأتست", "spellings": ["nabatest"]})
    check(status == 200 and body == {"name": "نبأتست", "added": 1}, f"alias add: {status} {body}")
    status, _, body = s.get("/api/aliases")
    cli = [json.loads(l) for l in run("alias", "list", "--db", db, "--json").stdout.splitlines()]
    check(status == 200 and body["aliases"] == cli and cli, f"alias list = naba alias list --json: {body}")
    status, _, body = s.request("DELETE", "/api/aliases/" + q("نبأتست"))
    check(status == 200 and body["removed"] == 1, f"alias rm: {status} {body}")
    status, _, body = s.request("DELETE", "/api/aliases/" + q("نبأتست"))
    check(status == 404 and body["error"]["code"] == "not_found", f"alias rm again: 404: {status} {body}")

    # Alerts: add, list, dry run, remove.
    status, _, body = s.request("POST", "/api/alerts", {"name": "syria", "query": "سوريا", "since": "2018-01-01"})
    check(status == 201 and body["alert"]["name"] == "syria" and body["matches_now"] > 0, f"alert add: {status} {body}")
    status, _, body = s.request("POST", "/api/alerts", {"name": "syria", "query": "سوريا"})
    check(status == 400 and "already exists" in body["error"]["message"], f"alert add twice: {status} {body}")
    status, _, body = s.get("/api/alerts")
    cli = [json.loads(l) for l in run("alert", "list", "--db", db, "--json").stdout.splitlines()]
    check(status == 200 and body["alerts"] == cli and len(cli) == 1, f"alert list = naba alert list --json: {body}")
    status, _, body = s.request("POST", "/api/alerts/syria/run?dry_run=1")
    cli = [json.loads(l) for l in run("alert", "run", "--db", db, "--json", "--dry-run", "syria").stdout.splitlines()]
    check(status == 200 and body["dry_run"] is True and body["matches"] == cli and cli,
          f"alert dry run = naba alert run --dry-run --json: {status} {len(body.get('matches', []))}/{len(cli)}")
    status, _, body = s.request("DELETE", "/api/alerts/syria")
    check(status == 200, f"alert rm: {status} {body}")
    for method, path in [("DELETE", "/api/alerts/syria"), ("POST", "/api/alerts/syria/run?dry_run=1")]:
        status, _, body = s.request(method, path)
        check(status == 404 and body["error"]["code"] == "not_found", f"{method} {path} gone: {status} {body}")

    # The OpenAPI document names every route.
    status, _, body = s.get("/api/openapi.json")
    check(status == 200 and body.get("openapi", "").startswith("3.") and
          {"/api/search", "/api/analyze", "/api/stats", "/healthz", "/api/aliases", "/api/alerts",
           "/api/alerts/{name}/run"} <= set(body.get("paths", {})), "openapi.json lists the routes")


def error_statuses(s):
    word = q("سوريا")
    cases = [
        (f"/api/search?q={q(chr(34) + 'سوريا')}", 400, "bad_query"),   # unbalanced quote: the parser's message
        ("/api/search", 400, "bad_query"),
        (f"/api/search?q={word}&n=0", 400, "bad_parameter"),
        (f"/api/search?q={word}&n=1001", 400, "bad_parameter"),
        (f"/api/search?q={word}&n=-1", 400, "bad_parameter"),
        (f"/api/search?q={word}&n=1e3", 400, "bad_parameter"),
        (f"/api/search?q={word}&offset=99999999999999999999", 400, "bad_parameter"),
        (f"/api/search?q={word}&sort=random", 400, "bad_parameter"),
        (f"/api/search?q={word}&since=2018-02-30", 400, "bad_argument"),
        (f"/api/search?q={word}&facets=colour", 400, "bad_argument"),
        (f"/api/search?q={word}&all_duplicates=maybe", 400, "bad_parameter"),
        ("/api/search?q=" + q(" ".join(["كلمة"] * 65)), 400, "query_too_costly"),
        ("/api/search?q=" + q(" ".join(['"أ ب"'] * 17)), 400, "query_too_costly"),
        ("/api/search?q=" + "a" * 1001, 413, "too_large"),
        ("/api/search?q=%ff%fe", 400, "bad_parameter"),       # invalid UTF-8
        ("/api/search?q=%C0%AF", 400, "bad_parameter"),       # an overlong '/'
        ("/api/search?q=a%00b", 400, "bad_parameter"),        # NUL
        ("/api/search?q=%zz", 400, "bad_request"),            # bad percent-encoding
        ("/api/search?q=%e", 400, "bad_request"),
        ("/api/nothing", 404, "not_found"),
        ("/nothing", 404, "not_found"),
    ]
    for path, want, code in cases:
        status, headers, body = s.get(path)
        ok = status == want and isinstance(body, dict) and body.get("error", {}).get("code") == code \
            and body["error"].get("message")
        check(ok, f"GET {path[:60]}: {want} {code}, got {status} {body}")
    status, _, body = s.get(f"/api/search?q={q(chr(34) + 'سوريا')}")
    check("unbalanced quote" in body["error"]["message"], f"400 carries the parser's message: {body}")
    for body in [b"not json", b"[1,2]", json.dumps({"name": 5, "spellings": ["x"]}).encode()]:
        status, _, out = s.request("POST", "/api/aliases", body)
        check(status == 400 and out["error"]["code"] == "bad_body", f"POST aliases {body[:20]}: 400, got {status}")
    status, _, out = s.request("POST", "/api/alerts", b"{" + b" " * 70000 + b"}",
                               headers={"Content-Type": "application/json"})
    check(status == 413 and out["error"]["code"] == "too_large", f"70 kB body: 413, got {status} {out}")
    status, _, out = s.request("POST", "/api/alerts", {"name": "bad", "query": "(سوريا"})
    check(status == 400 and out["error"]["code"] == "bad_query", f"alert with a bad query: 400, got {status} {out}")


def hostile_http(s):
    answers = {
        "bad method": s.raw(b"FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "garbage request line": s.raw(b"\x00\xff\xfe garbage\r\n\r\n"),
        "huge header": s.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 +
                             b"\r\nConnection: close\r\n\r\n"),
        "huge URL": s.raw(b"GET /api/search?q=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "bad percent": s.raw(b"GET /api/search?q=%G1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "invalid UTF-8 q": s.raw(b"GET /api/search?q=\xff\xfe\xc0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "negative length": s.raw(b"POST /api/alerts HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n"),
        "HTTP/0.9": s.raw(b"GET /\r\n\r\n"),
    }
    for what, answer in answers.items():
        line = answer.split(b"\r\n", 1)[0]
        status = int(line.split()[1]) if line.startswith(b"HTTP/1.1 ") else None
        check(answer == b"" or (status is not None and 400 <= status < 500),
              f"{what}: a 4xx or a closed connection, got {line[:80]!r}")
    # Methods the routes do not take.
    for method in ["PUT", "PATCH", "DELETE"]:
        status, _, _ = s.request(method, "/api/search?q=x")
        check(400 <= status < 500, f"{method} /api/search: 4xx, got {status}")
    # No path reaches the file system.
    for path in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/app.js/../../etc/passwd",
                 "/..%2f..%2f..%2fetc%2fpasswd", "/etc/passwd", "//etc/passwd", "/CMakeLists.txt",
                 "/web/app.js", "/server/web/index.html"]:
        status, _, body = s.get(path)
        check(status in (400, 404) and "root:" not in str(body), f"GET {path}: 400/404, got {status}")
    # A client that never finishes its request is closed after the 5 s read timeout;
    # the other workers answer meanwhile.
    import socket
    with socket.create_connection(("127.0.0.1", s.port), timeout=20) as slow:
        slow.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        start = time.monotonic()
        check(s.get("/healthz")[0] == 200, "others are answered beside a slow client")
        try:
            answer = slow.recv(65536)
        except OSError:
            answer = b""
        took = time.monotonic() - start
        check((answer == b"" or answer.startswith(b"HTTP/1.1 4")) and 4 <= took < 12,
              f"a request never finished is dropped after the read timeout: {answer[:40]!r} in {took:.1f} s")
    status, _, _ = s.get("/healthz")
    check(status == 200 and s.proc.poll() is None, "the server is alive after the hostile requests")
    # The log line of a path with control characters is escaped.
    s.get("/x%1b%5b31mred")
    for _ in range(100):  # the line is logged once the answer is sent: wait for it
        if any("\\x1b" in line for line in s.log):
            break
        time.sleep(0.05)
    check(any(line.startswith("GET /x\\x1b[31mred 404 ") for line in s.log),
          f"the log escapes control bytes: {s.log[-3:]}")
    check(all("\x1b" not in line for line in s.log), "no raw escape byte in the log")


def page_and_injections(s):
    status, headers, body = s.get("/")
    check(status == 200 and 'dir="rtl"' in body and headers["Content-Type"].startswith("text/html"),
          f"/: the rtl page: {status}")
    check("script-src 'self'" in headers.get("Content-Security-Policy", ""), "the page has a CSP")
    for path in ["/app.js", "/style.css", "/alerts"]:
        status, headers, _ = s.get(path)
        check(status == 200 and headers.get("X-Content-Type-Options") == "nosniff", f"{path}: 200")
    # The articles with markup: the API gives their text as JSON strings, as indexed.
    status, headers, body = s.get(f"/api/search?q={q('مسرحية naba-xss-test')}&n=10&facets=source")
    titles = {r["title"] for r in body["results"]}
    check(status == 200 and any(INJECTIONS[0] in t for t in titles), f"markup comes back as text: {titles}")
    check(headers.get("X-Content-Type-Options") == "nosniff" and headers["Content-Type"] == "application/json",
          "API answers are JSON, never sniffed as HTML")
    srcs = {f["value"] for f in body["facets"]["source"]}
    check({INJECTIONS[1], INJECTIONS[2], "<b>bold</b>"} <= srcs, f"sources with markup are facet values as text: {srcs}")
    check({"xss-1", "xss-3"} <= {r["id"] for r in body["results"]} and  # xss-2: a copy of xss-1
          any(t.endswith(INJECTIONS[2]) for t in titles), f"all three articles, as indexed: {titles}")
    texts = " ".join(p["text"] for r in body["results"] for p in r["passages"])
    check(all(i in texts for i in INJECTIONS), "the bodies' markup comes back as text")


# A costly query: 16 two-word phrases of common words and 32 more words (the caps).
COMMON = ["سوريا", "المتحدة", "السوري", "العام", "السورية", "الرئيس", "السعودية", "الماضي",
          "العالم", "الولايات", "روسيا", "دولار", "الحكومة", "القوات", "البلاد", "العربية",
          "المعارضة", "رئيس", "اليوم", "مليون", "وزير", "الأمريكية", "إيران", "الدولي", "السبت",
          "إسرائيل", "النظام", "منطقة", "مدينة", "الجيش", "الجمعة", "محمد"]
COSTLY = " ".join(f'"{COMMON[i]} {COMMON[(i + 7) % 32]}"' for i in range(16)) + " " + " ".join(COMMON)


def cut_short(main, db):
    """The time limit stops a search inside naba's own passes: with --search-ms 1
    (hidden, for tests), the costly query is cut short, and still answered."""
    status, _, body = main.get(f"/api/search?q={q('سوريا')}&facets=source")
    check(status == 200 and "cut_short" not in body and body["facets_complete"] is True,
          f"a normal query is not cut short: {status} {body.get('cut_short')}")
    with Server(naba, db, "--search-ms", "1") as tiny:
        start = time.monotonic()
        status, _, body = tiny.get(f"/api/search?q={q(COSTLY)}&n=50&passages=3&facets=source,date:day")
        took = time.monotonic() - start
        check(status == 200 and body.get("cut_short") is True, f"the costly query is cut short: {status} "
              f"{ {k: v for k, v in body.items() if k != 'results'} }")
        check_search_schema(body, "a search cut short")
        check(body.get("total_exact") is False and body.get("facets_complete") is False,
              f"cut short: neither the total nor the facets are said complete: {body.get('total_exact')} "
              f"{body.get('facets_complete')}")
        check(took < 2.0, f"a search cut short answers at once: {took:.3f} s")
        ranks = [r["rank"] for r in body["results"]]
        check(ranks and ranks == list(range(1, len(ranks) + 1)), f"what was ranked in time, in order: {ranks}")
    full = cli_json("search", "--db", db, "--json", "-n", "50", "--", COSTLY)
    check(full and "cut_short" not in full and full["total"] > len(body["results"]),
          f"without a time limit the same query finds more: {full and full['total']}")


def token_and_cors(db, tmp):
    token_file = os.path.join(tmp, "token")
    with open(token_file, "w") as f:
        f.write("s3cret-token-0123456789\n")
    with Server(naba, db, "--token-file", token_file, "--cors", "https://desk.example") as s:
        good = {"Authorization": "Bearer s3cret-token-0123456789"}
        for path in ["/api/search?q=x", "/api/stats", "/api/alerts", "/api/aliases", "/api/analyze?text=x",
                     "/api/openapi.json"]:
            status, headers, body = s.get(path)
            check(status == 401 and body["error"]["code"] == "unauthorized" and
                  headers.get("WWW-Authenticate") == "Bearer", f"{path} without the token: 401, got {status}")
            status, _, _ = s.get(path, headers={"Authorization": "Bearer s3cret-token-012345678"})
            check(status == 401, f"{path} with a wrong token: 401, got {status}")
            status, _, _ = s.get(path, headers=good)
            check(status == 200, f"{path} with the token: 200, got {status}")
        status, _, _ = s.request("POST", "/api/alerts", {"name": "x", "query": "سوريا"})
        check(status == 401, f"a write without the token: 401, got {status}")
        for path in ["/healthz", "/", "/app.js"]:
            status, _, _ = s.get(path)
            check(status == 200, f"{path} needs no token: {status}")
        status, headers, _ = s.get("/api/stats", headers=good)
        check(headers.get("Access-Control-Allow-Origin") == "https://desk.example", f"--cors: {headers}")
        status, headers, _ = s.request("OPTIONS", "/api/search", headers={"Origin": "https://desk.example"})
        check(status == 204 and "Authorization" in headers.get("Access-Control-Allow-Headers", ""),
              f"CORS preflight: {status}")
    with open(token_file, "w") as f:
        f.write("short\n")
    r = run("serve", "--db", db, "--port", "0", "--token-file", token_file)
    check(r.returncode == 2 and "shorter than 16" in r.stderr, f"a short token is refused: {r.stderr}")
    r = run("serve", "--db", os.path.join(tmp, "missing"), "--port", "0")
    check(r.returncode == 2 and "no index at" in r.stderr, f"serve without an index: {r.stderr}")


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    hostile = os.path.join(tmp, "hostile.jsonl")
    with open(hostile, "w", encoding="utf-8") as f:
        for a in injection_articles():
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    r = run("index", "--db", db, os.path.join(root, "corpus"), hostile)
    check(r.returncode == 0, f"index: {r.stderr}")

    with Server(naba, db, "--threads", "4") as s:
        api_routes(s, db)
        error_statuses(s)
        hostile_http(s)
        page_and_injections(s)
        cut_short(s, db)
        status, headers, _ = s.get("/api/stats")
        check("Access-Control-Allow-Origin" not in headers, "no CORS header without --cors")
        # A commit while the server runs: the next search sees it.
        fresh = os.path.join(tmp, "fresh.jsonl")
        with open(fresh, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "fresh-1", "title": "زرافةفريدة", "body": "زرافةفريدة في الحديقة",
                                "date": "2018-06-01", "source": "test"}, ensure_ascii=False) + "\n")
        check(s.get("/api/search?q=" + q("زرافةفريدة"))[2]["total"] == 0, "the new word is not there yet")
        check(run("index", "--db", db, fresh).returncode == 0, "index a batch while serving")
        status, _, body = s.get("/api/search?q=" + q("زرافةفريدة"))
        check(status == 200 and [r["id"] for r in body["results"]] == ["fresh-1"], f"the server sees the commit: {body}")
        logged = [l for l in s.log if l.startswith("GET /api/search ")]
        check(logged and all(l.rstrip().endswith("ms") for l in logged), f"one log line per request: {logged[:2]}")
        check(s.stop() == 0, "SIGTERM stops the server, exit 0")

    token_and_cors(db, tmp)

    # 503 while the index cannot be read.
    copy = os.path.join(tmp, "copy")
    shutil.copytree(db, copy)
    with Server(naba, copy) as s:
        shutil.rmtree(copy)
        for path in ["/api/stats", "/api/alerts", "/healthz", "/api/search?q=x", "/api/aliases"]:
            status, _, body = s.get(path)
            check(status == 503, f"{path} without the index: 503, got {status} {body}")

check.finish()
