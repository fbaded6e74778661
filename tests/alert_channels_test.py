#!/usr/bin/env python3
"""End-to-end checks of alert channels (naba alert add/set --webhook, --exec, --digest):
a real HTTP receiver on loopback, started here.

  alert_channels_test.py NABA ROOT retries      the receiver answers 500s, a 429 with
                                                Retry-After: 1 and a timeout before it
                                                accepts: every (alert, article) arrives, every
                                                signature verifies, idempotency keys count
                                                each match once
  alert_channels_test.py NABA ROOT sigkill [N]  naba alert run killed (SIGKILL) while posting,
                                                N trials: nothing lost, repeats only of what
                                                was in flight (taken, not yet recorded)
  alert_channels_test.py NABA ROOT exec         a command exiting non-zero keeps its matches
                                                pending; a later run delivers them
  alert_channels_test.py NABA ROOT exec_shards  the same over an index of 2 shards: each
                                                shard's cursor stops before its pending matches
  alert_channels_test.py NABA ROOT refused      a 404 marks its alert failing (alert list);
                                                a dead receiver is retried; the others deliver
  alert_channels_test.py NABA ROOT schedule     alert run --every stops on SIGTERM after the
                                                delivery in progress; bad durations refused
  alert_channels_test.py NABA ROOT migration    a store from before channels opens, gains them
"""
import hashlib, hmac, http.server, json, os, random, shutil, signal, sqlite3, subprocess, sys
import tempfile, threading, time

from naba_testlib import Checks, runner, sample_path

naba, root, which = sys.argv[1], sys.argv[2], sys.argv[3]
run = runner(naba)
check = Checks()

ALERTS = [("syria", ["سوريا"]), ("iraq", ["العراق"]), ("trump", ["ترامب"]),
          ("russia", ["روسيا"]), ("iran", ["إيران"]), ("gaza", ["(غزة OR القدس)"]),
          ("council", ['"مجلس الأمن"']), ("football", ["كرة", "القدم"]),
          ("oil", ["النفط", "OR", "الغاز"]), ("nothing", ["xyzzyqq"])]
MATCH_KEYS = {"id", "title", "date", "source", "url", "passage", "highlights"}


class Receiver:
    """A webhook receiver on a free loopback port. script: what the first requests get
    ("500", "429", "timeout", "404"), then 200. Paths starting /gone always get 404."""

    def __init__(self, secrets, script=(), delay=0.0):
        self.secrets, self.script, self.delay = secrets, list(script), delay
        self.lock = threading.Lock()
        self.accepted = []   # (key, alert, [ids], digest, body) of each 200, in order
        self.answers = []    # (time, status or "timeout", idempotency key) of every request
        self.bad = []        # what was wrong with a request
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver
            wbufsize = 1 << 16  # an answer in one write (flushed by the server) ...
            disable_nagle_algorithm = True  # ... sent at once: no 40 ms delayed-ACK stalls

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.handle(self, body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *a: None  # a killed client resets its connection
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, h, status, extra=(), text=b"ok"):
        h.send_response(status)
        for k, v in extra:
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(text)))
        h.end_headers()
        h.wfile.write(text)

    def handle(self, h, body):
        with self.lock:
            action = self.script.pop(0) if self.script else "200"
            if h.path.startswith("/gone"):
                action = "404"
            self.answers.append((time.monotonic(), action, h.headers.get("Idempotency-Key")))
        if self.delay:
            time.sleep(self.delay)
        if action == "timeout":
            time.sleep(2.0)  # past the client's --timeout: it gives up on this attempt
            return
        if action in ("500", "404"):
            text = b"\x1b[31mno such hook\x1b[0m" if action == "404" else b"busy"
            return self.answer(h, int(action), text=text)
        if action == "429":
            return self.answer(h, 429, [("Retry-After", "1")])
        try:
            m = json.loads(body)
        except ValueError:
            self.bad.append("a body that is not JSON")
            return self.answer(h, 400)
        key, sig = h.headers.get("Idempotency-Key"), h.headers.get("X-Naba-Signature", "")
        secret = self.secrets.get(m.get("alert"), "")
        want = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not key:
            self.bad.append("no Idempotency-Key")
        if not hmac.compare_digest(sig, want):
            self.bad.append(f"signature of {m.get('alert')} does not verify")
        if not {"alert", "query", "run", "matches"} <= set(m) or \
                any(not MATCH_KEYS <= set(x) for x in m["matches"]) or \
                (m.get("digest") and not m.get("summary")):
            self.bad.append(f"body keys {sorted(m)}")
        with self.lock:
            self.accepted.append((key, m["alert"], [x["id"] for x in m["matches"]], m["digest"],
                                  m))
        self.answer(h, 200)

    def pairs(self):
        with self.lock:
            return [(a, i) for _, a, ids, _, _ in self.accepted for i in ids]

    def unique_pairs(self):
        """The matches counted once per idempotency key: what a careful receiver keeps."""
        seen, out = set(), []
        with self.lock:
            for key, a, ids, _, _ in self.accepted:
                if key not in seen:
                    seen.add(key)
                    out += [(a, i) for i in ids]
        return out

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def make_index(tmp, shards=0):
    db = os.path.join(tmp, "db")
    r = run("index", "--db", db, *(["--shards", str(shards)] if shards else []), sample_path(root))
    check(r.returncode == 0, f"index: {r.stderr}")
    return db


def add(db, name, words, *opts):
    """Adds an alert over what is indexed (--since); returns its secret (stdout)."""
    r = run("alert", "add", "--db", db, "--since", "2000-01-01", *opts, name, "--", *words)
    check(r.returncode == 0, f"alert add {name}: {r.stderr}")
    return r.stdout.strip()


def expected_pairs(db, *names):
    r = run("alert", "run", "--db", db, "--json", "--dry-run", *names)
    return {(m["alert"], m["id"]) for m in map(json.loads, r.stdout.splitlines())}


def printed_matches(db):
    """What `alert run --json --dry-run` prints of each new match (the CLI's JSON), by
    (alert, article)."""
    r = run("alert", "run", "--db", db, "--json", "--dry-run")
    return {(m["alert"], m["id"]): m for m in map(json.loads, r.stdout.splitlines())}


def listed(db):
    r = run("alert", "list", "--db", db, "--json")
    return {a["name"]: a for a in map(json.loads, r.stdout.splitlines())}


def recorded(db):
    con = sqlite3.connect(os.path.join(db, "alerts.sqlite"))
    try:
        return set(con.execute("SELECT alert, article FROM delivered"))
    finally:
        con.close()


def retries_test(tmp):
    db = make_index(tmp)
    rec = Receiver({}, ["500", "500", "500", "429", "timeout"])
    for i, (name, words) in enumerate(ALERTS):
        digest = ["--digest"] if i % 3 == 0 else []
        rec.secrets[name] = add(db, name, words, "--webhook", rec.url, *digest)
        check(len(rec.secrets[name]) == 64, f"alert add {name} shows a 64-digit secret")
    expected = expected_pairs(db)
    check(len(expected) > 200, f"the alerts match many articles ({len(expected)})")
    r = run("alert", "run", "--db", db, "--attempts", "6", "--backoff", "0.05", "--timeout",
            "0.5", "--give-up", "30")
    check(r.returncode == 0, f"alert run: {r.returncode} {r.stderr}")
    check(r.stdout == "", "webhook alerts print nothing on stdout")
    statuses = [a for _, a, _ in rec.answers]
    check(statuses[:5] == ["500", "500", "500", "429", "timeout"],
          f"the receiver's script was played: {statuses[:6]}")
    # The post that got the 429 comes again a second later; the other sender thread may
    # have had one post on its way before the 429 came back, and sends no other.
    t429, key429 = next((t, k) for t, a, k in rec.answers if a == "429")
    again = [t for t, a, k in rec.answers if k == key429 and t > t429]
    meanwhile = [t for t, a, k in rec.answers if k != key429 and t429 < t < t429 + 0.95]
    check(again and again[0] - t429 >= 0.95, "Retry-After: 1 was honoured by the post that got it")
    check(len(meanwhile) <= 1, f"and by the other thread ({len(meanwhile)} posts within 1 s)")
    check(not rec.bad, f"every request well formed and signed: {rec.bad[:3]}")
    unique = rec.unique_pairs()
    check(set(rec.pairs()) == expected, "every (alert, article) arrived, nothing else")
    check(len(unique) == len(set(unique)) == len(expected),
          f"idempotency keys count each match once ({len(unique)} vs {len(expected)})")
    digests = [a for _, a, _, d, _ in rec.accepted if d]
    check(len(digests) == len(set(digests)), "one digest per alert per run")
    info = listed(db)
    check(all(a["pending"] == 0 and a["failure"] == "" for a in info.values()),
          "alert list: nothing pending, no failure")
    check(info["syria"]["last_success"] != "", "alert list: the last success")
    check("secret" not in json.dumps(info), "alert list never shows a secret")
    r = run("alert", "run", "--db", db)
    check(r.returncode == 1 and len(rec.accepted) == len(set(k for k, *_ in rec.accepted)),
          f"a second run sends nothing again ({r.returncode})")
    # A rotated secret signs what follows; the old one no longer verifies.
    old = rec.secrets["syria"]
    r = run("alert", "set", "--db", db, "syria", "--rotate-secret")
    check(r.returncode == 0 and len(r.stdout.strip()) == 64 and r.stdout.strip() != old,
          f"alert set --rotate-secret shows a new secret: {r.stderr}")
    check(old not in r.stderr, "the secret is never on stderr")
    rec.stop()
    print(f"{len(expected)} pairs, {len(rec.accepted)} messages taken, "
          f"{len(rec.answers)} requests")


def sigkill_test(tmp):
    db = make_index(tmp)
    rec = Receiver({}, delay=0.002)  # a receiver taking 2 ms a post, as a real one might
    words = ["الحكومة", "الرئيس", "وزير", "المتحدة", "قوات", "الجيش", "مدينة", "الشرطة"]
    alerts = ALERTS + [(f"w{i}", [w]) for i, w in enumerate(words)]
    for name, w in alerts:
        rec.secrets[name] = add(db, name, w, "--webhook", rec.url)
    everything = expected_pairs(db)
    store = os.path.join(db, "alerts.sqlite")
    sqlite3.connect(store).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    pristine = os.path.join(tmp, "pristine.sqlite")
    shutil.copy(store, pristine)
    t0 = time.monotonic()
    r = run("alert", "run", "--db", db)
    full_secs = time.monotonic() - t0
    check(r.returncode == 0 and set(rec.pairs()) == everything, f"a full run: {r.stderr}")
    # Kills from the first post on: before it a run has matched but sent nothing, and
    # start-up and matching (slow under the sanitizers) would take most of the kills.
    first_post = rec.answers[0][0] - t0

    rng = random.Random(int(os.environ.get("NABA_TEST_SEED", "20")))
    trials, midway, repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 20, 0, 0
    for trial in range(trials):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        shutil.copy(pristine, store)
        rec.accepted.clear()
        for attempt in range(3):  # killed, killed, then left to finish
            before, taken_before = recorded(db), len(rec.accepted)
            p = subprocess.Popen([naba, "alert", "run", "--db", db], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            if attempt < 2:
                time.sleep(rng.uniform(first_post, full_secs * 1.1))
                p.send_signal(signal.SIGKILL)
            p.wait()
            time.sleep(0.05)  # a request the kill cut short ends in the receiver
            with rec.lock:
                got = [(a, i) for _, a, ids, _, _ in rec.accepted[taken_before:] for i in ids]
            after = recorded(db)
            check(not (set(got) & before), f"trial {trial}: nothing recorded is sent again")
            check(after - before <= set(got), f"trial {trial}: only what was taken is recorded")
            if attempt < 2 and before < after < everything:
                midway += 1
        pairs = rec.pairs()
        check(set(pairs) == everything and recorded(db) == everything,
              f"trial {trial}: nothing lost")
        repeats += len(pairs) - len(set(pairs))
        check(len(set(rec.unique_pairs())) == len(rec.unique_pairs()),
              f"trial {trial}: a repeat carries the same idempotency key")
    check(not rec.bad, f"well-formed, signed requests: {rec.bad[:3]}")
    check(midway >= 3, f"enough kills landed midway ({midway})")
    rec.stop()
    print(f"{trials} trials, {midway} kills midway, {repeats} repeats of in-flight messages "
          f"(a full run: {full_secs:.2f} s, {len(everything)} pairs)")


def exec_test(tmp, shards=0):
    db = make_index(tmp, shards)
    failed_log, good_log = os.path.join(tmp, "failed.jsonl"), os.path.join(tmp, "good.jsonl")
    secret = add(db, "syria", ["سوريا"], "--exec", f"cat >> {failed_log}; echo; exit 7")
    add(db, "iraq", ["العراق"], "--exec", f"cat >> {good_log}", "--digest")
    expected = expected_pairs(db, "syria")
    printed = printed_matches(db)
    r = run("alert", "run", "--db", db)
    check(r.returncode == 3, f"a failing command: exit 3 ({r.returncode}) {r.stderr}")
    info = listed(db)
    check(info["syria"]["pending"] == len(expected) and "exit status 7" in info["syria"]["failure"],
          f"its matches pending, the reason kept: {info['syria']}")
    check(not info["syria"]["failing"], "a failing command is retried, not marked refused")
    check(info["iraq"]["pending"] == 0 and info["iraq"]["last_success"], "the other delivered")
    msgs = [json.loads(l) for l in open(failed_log, encoding="utf-8") if l.strip()]
    check(len(msgs) == 1, f"the first failure stops the alert's run ({len(msgs)} messages)")
    digest = [json.loads(l) for l in open(good_log, encoding="utf-8")]
    check(len(digest) == 1 and digest[0]["digest"] and "iraq:" in digest[0]["summary"],
          "a digest: one message with a summary")
    check(secret and secret not in r.stderr + r.stdout, "the secret is never printed by a run")
    r = run("alert", "run", "--db", db)
    check(r.returncode == 3 and listed(db)["syria"]["pending"] == len(expected),
          "still pending after another failed run")
    r = run("alert", "set", "--db", db, "syria", "--exec",
            f"NABA_SIGNATURE=$NABA_SIGNATURE sh -c 'cat >> {good_log}'")
    check(r.returncode == 0 and r.stdout == "", f"alert set --exec (same secret): {r.stderr}")
    r = run("alert", "run", "--db", db)
    check(r.returncode == 0, f"then delivered: {r.returncode} {r.stderr}")
    got = [json.loads(l) for l in open(good_log, encoding="utf-8")]
    pairs = [(m["alert"], x["id"]) for m in got[1:] for x in m["matches"]]
    check(sorted(pairs) == sorted(expected), "every pending match delivered, once")
    # A message's match and the CLI's printed match are one JSON, field for field.
    differ = [(m["alert"], x["id"]) for m in got for x in m["matches"]
              if {k: v for k, v in printed.get((m["alert"], x["id"]), {}).items() if k != "alert"} != x]
    check(got and not differ, f"each match in a message as alert run --json prints it: {differ[:3]}")
    if shards:
        con = sqlite3.connect(os.path.join(db, "alerts.sqlite"))
        rows = con.execute("SELECT count(DISTINCT shard) FROM shard_cursors WHERE alert = 'syria'")
        check(rows.fetchone()[0] == shards, "a cursor per shard, kept in the store")
        con.close()
    check(listed(db)["syria"]["pending"] == 0 and listed(db)["syria"]["failure"] == "",
          "nothing pending, the failure cleared")
    r = run("alert", "set", "--db", db, "syria", "--exec", "x", "--webhook", "http://h/")
    check(r.returncode == 2 and "one of" in r.stderr, f"two channels refused: {r.stderr}")
    r = run("alert", "set", "--db", db, "syria", "--webhook", "file:///etc/passwd")
    check(r.returncode == 2 and "http:// or https://" in r.stderr, f"bad URL: {r.stderr}")
    r = run("alert", "set", "--db", db, "nosuch", "--digest")
    check(r.returncode == 2 and "no alert named" in r.stderr, f"unknown alert: {r.stderr}")
    r = run("alert", "set", "--db", db, "syria")
    check(r.returncode == 2 and "nothing to change" in r.stderr, f"set without change: {r.stderr}")
    exec_one_at_a_time(tmp)


def exec_one_at_a_time(tmp):
    """Commands run one at a time, though webhooks are sent on two threads: each writes
    start, waits, then end to one shared file, and the lines must pair up."""
    db = make_index(os.path.join(tmp, "serial"))
    shared = os.path.join(tmp, "shared.log")
    for name, words in ALERTS[:6]:
        add(db, name, words, "--exec", f"cat > /dev/null; echo start >> {shared}; sleep 0.1; "
            f"echo end >> {shared}", "--digest")
    r = run("alert", "run", "--db", db)
    check(r.returncode == 0, f"six command alerts: {r.returncode} {r.stderr}")
    lines = open(shared).read().split()
    check(len(lines) == 12 and lines == ["start", "end"] * 6,
          f"no two commands at once: {lines}")


def refused_test(tmp):
    db = make_index(tmp)
    rec = Receiver({})
    rec.secrets["gone"] = add(db, "gone", ["سوريا"], "--webhook", rec.url.replace("/hook", "/gone"))
    dead = f"http://127.0.0.1:{free_port()}/hook"
    rec.secrets["dead"] = add(db, "dead", ["سوريا"], "--webhook", dead)
    for name, words in ALERTS[1:4]:
        rec.secrets[name] = add(db, name, words, "--webhook", rec.url)
    add(db, "printed", ["العراق"])
    expected = expected_pairs(db, "iraq", "trump", "russia")
    r = run("alert", "run", "--db", db, "--json", "--attempts", "3", "--backoff", "0.05")
    check(r.returncode == 3, f"exit 3 when a channel fails: {r.returncode} {r.stderr}")
    check(set(rec.pairs()) == expected, "the other alerts delivered in full")
    check(r.stdout.count('"alert":"printed"') > 5, "the stdout alert printed")
    gone_requests = [a for _, a, _ in rec.answers if a == "404"]
    check(len(gone_requests) == 1, f"a 404 is not retried ({len(gone_requests)})")
    info = listed(db)
    check(info["gone"]["failing"] and info["gone"]["failure"].startswith("HTTP 404: ")
          and "no such hook" in info["gone"]["failure"], f"404 marks failing: {info['gone']}")
    check(info["gone"]["pending"] > 0 and info["gone"]["last_failure"], "pending, last failure")
    check(not info["dead"]["failing"] and "3 attempts" in info["dead"]["failure"],
          f"a dead receiver: retried, not refused: {info['dead']}")
    text = run("alert", "list", "--db", db).stdout
    line = next(l for l in text.splitlines() if l.startswith("gone"))
    check("FAILING: HTTP 404" in line and "pending" in line, f"alert list shows it: {line}")
    check("\x1b" not in text, "the receiver's text reaches the terminal escaped")
    r = run("alert", "set", "--db", db, "gone", "--webhook", rec.url)
    check(r.returncode == 0 and r.stdout == "", "fixed URL, secret kept")
    r = run("alert", "run", "--db", db, "gone")
    check(r.returncode == 0 and not listed(db)["gone"]["failing"],
          f"a delivery clears failing: {r.stderr}")
    check(not rec.bad, f"signed requests: {rec.bad[:3]}")
    rec.stop()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: connections are refused


def schedule_test(tmp):
    db = make_index(tmp)
    rec = Receiver({}, delay=0.05)
    for name, words in ALERTS[:4]:
        rec.secrets[name] = add(db, name, words, "--webhook", rec.url)
    everything = expected_pairs(db)
    for bad in ("soon", "0", "-5m", "3x"):
        r = run("alert", "run", "--db", db, "--every", bad)
        check(r.returncode == 2 and "--every" in r.stderr, f"--every {bad} refused: {r.stderr}")
    p = subprocess.Popen([naba, "alert", "run", "--db", db, "--every", "1h"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(rec.accepted) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
    err = p.stderr.read()
    check(p.returncode == 0 and "stopped" in err, f"SIGTERM ends the loop cleanly: {p.returncode} {err}")
    taken = set(rec.pairs())
    check(0 < len(taken) < len(everything), f"stopped midway ({len(taken)} of {len(everything)})")
    check(recorded(db) == taken, "what was taken is recorded, nothing more, nothing less")
    r = run("alert", "run", "--db", db)
    check(r.returncode == 0 and set(rec.pairs()) == everything
          and len(rec.pairs()) == len(everything), "the next run sends the rest, no repeat")
    rec.stop()


OLD_SCHEMA = """
CREATE TABLE alerts(name TEXT PRIMARY KEY, query TEXT NOT NULL, source TEXT NOT NULL,
  since TEXT NOT NULL, created TEXT NOT NULL, last_run TEXT NOT NULL DEFAULT '',
  cursor INTEGER NOT NULL DEFAULT 0);
CREATE TABLE delivered(alert TEXT NOT NULL, article TEXT NOT NULL, ingest INTEGER NOT NULL,
  at TEXT NOT NULL, PRIMARY KEY(alert, article)) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO alerts(name, query, source, since, created) VALUES
  ('syria', 'سوريا', '', '2000-01-01', '2026-01-01T00:00:00Z');
"""


def migration_test(tmp):
    db = make_index(tmp)
    con = sqlite3.connect(os.path.join(db, "alerts.sqlite"))
    con.executescript(OLD_SCHEMA)
    con.close()
    r = run("alert", "list", "--db", db, "--json")
    check(r.returncode == 0, f"an old store opens: {r.stderr}")
    a = json.loads(r.stdout)
    check(a["name"] == "syria" and a["pending"] == 0 and a["webhook"] == "", f"listed: {a}")
    cols = {c[1] for c in sqlite3.connect(os.path.join(db, "alerts.sqlite"))
            .execute("PRAGMA table_info(alerts)")}
    check({"webhook", "exec", "digest", "secret", "pending", "failing"} <= cols,
          f"the columns were added: {sorted(cols)}")
    rec = Receiver({})
    r = run("alert", "set", "--db", db, "syria", "--webhook", rec.url, "--digest")
    rec.secrets["syria"] = r.stdout.strip()
    check(r.returncode == 0 and len(rec.secrets["syria"]) == 64,
          f"an old alert gets a secret with its channel: {r.stderr}")
    r = run("alert", "run", "--db", db)
    check(r.returncode == 0 and len(rec.accepted) == 1 and not rec.bad,
          f"and delivers, signed: {r.stderr} {rec.bad}")
    r = run("alert", "list", "--db", db)
    check(r.returncode == 0, "a migrated store opens again")
    rec.stop()


with tempfile.TemporaryDirectory() as tmp:
    {"retries": retries_test, "sigkill": sigkill_test, "exec": exec_test,
     "exec_shards": lambda tmp: exec_test(tmp, shards=2),
     "refused": refused_test, "schedule": schedule_test,
     "migration": migration_test}[which](tmp)
check.finish()
