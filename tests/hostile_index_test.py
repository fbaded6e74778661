#!/usr/bin/env python3
"""Hostile --db (docs/reliability.md, issue 17 items 9 and 13): only naba index creates an
index; every other command needs one, says "no index at ..." (exit 2) otherwise and creates
nothing; the read-only commands write nothing in an index; a read-only index says "permission
denied"; stats over a stub file (remote shards, a folder's shards.stub).
Each case is a function; a failed check names it.
Usage: hostile_index_test.py NABA SOURCE_DIR"""
import hashlib, json, os, shutil, socket, subprocess, sys, tempfile, time

from naba_testlib import Checks, run, sample_path

naba, root = sys.argv[1], sys.argv[2]
check = Checks()


def expect(r, status, message, what):
    check(r.returncode == status, f"{what}: exit {status}, got {r.returncode}: {r.stderr[-400:]!r}")
    if message is not None:
        check(message in r.stderr, f"{what}: message {message!r} in {r.stderr[-600:]!r}")


def listing(folder):
    """{path: (sha256, mtime)} of every file under folder (a missing folder: None)."""
    if not os.path.exists(folder):
        return None
    out = {}
    for dirpath, _, filenames in os.walk(folder):
        for f in filenames:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[p] = (hashlib.sha256(fh.read()).hexdigest(), os.stat(p).st_mtime_ns)
    return out


# Every command but naba index, as (arguments before --db, arguments after).
READERS = [("search", "سوريا"), ("stats",), ("alert", "list"), ("alert", "run", "--dry-run"),
           ("alert", "add", "a", "سوريا"), ("alert", "rm", "a"), ("alert", "run"),
           ("alias", "list"), ("alias", "add", "Aleppo", "حلبا"), ("alias", "rm", "Aleppo")]


def no_index_anywhere(tmp):
    """Item 9 and 13: a missing folder, an empty one, a folder of other files, a JSON Lines
    file: every command says so (exit 2) and the place stays as it was."""
    other = os.path.join(tmp, "other")
    os.makedirs(other)
    with open(os.path.join(other, "notes.txt"), "w") as f:
        f.write("not an index\n")
    os.makedirs(os.path.join(tmp, "empty"))
    jsonl = os.path.join(tmp, "file.jsonl")
    with open(sample_path(root), encoding="utf-8") as f, open(jsonl, "w", encoding="utf-8") as out:
        out.writelines(f.readlines()[:3])
    for where in ("no/such/dir", "empty", "other"):
        db = os.path.join(tmp, where)
        before = listing(db)
        for args in READERS:
            r = run(naba, *args, "--db", db)
            expect(r, 2, f"naba: no index at {db}; create one with: naba index --db {db} FILE...",
                   f"{' '.join(args[:2])} --db {where}")
            check("DatabaseNotFoundError" not in r.stderr, f"{args[0]} --db {where}: no Xapian words")
        check(listing(db) == before, f"--db {where}: nothing created: {listing(db)}")
    before = listing(tmp)
    for args in READERS:
        r = run(naba, *args, "--db", jsonl)
        expect(r, 2, f"{jsonl}:1: not a shard line", f"{' '.join(args[:2])} --db file.jsonl")
    check(listing(tmp) == before and not os.path.exists(jsonl + ".alerts.sqlite"),
          "--db file.jsonl: no file.jsonl.alerts.sqlite, nothing created")


def fresh_home(tmp):
    """Item 9: on a fresh HOME, naba alert list does not create the default index folder, and
    stats then says "no index at" too (it said DatabaseNotFoundError)."""
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    env = {**os.environ, "HOME": home}
    env.pop("NABA_DB", None)
    env.pop("XDG_DATA_HOME", None)
    default = os.path.join(home, ".local", "share", "naba", "index")
    for args in (("alert", "list"), ("stats",), ("search", "سوريا")):
        r = subprocess.run([naba, *args], capture_output=True, text=True, env=env)
        expect(r, 2, f"no index at {default}", f"fresh HOME: {' '.join(args)}")
    check(os.listdir(home) == [], f"fresh HOME: nothing created: {os.listdir(home)}")


def readers_write_nothing(tmp):
    """Item 9: search, stats, alert list, alert run --dry-run and alias list leave every file of
    an index as it was (no alerts.sqlite, no aliases.lock), with and without saved alerts."""
    db = os.path.join(tmp, "idx")
    expect(run(naba, "index", "--db", db, sample_path(root)), 0, None, "index the sample")
    readers = [("search", "سوريا"), ("search", "--json", "سوريا"), ("stats",),
               ("alert", "list"), ("alert", "run", "--dry-run"), ("alias", "list")]
    for saved in (False, True):
        if saved:
            expect(run(naba, "alert", "add", "--db", db, "syria", "--since", "2000-01-01",
                       "سوريا"), 0, None, "alert add")
        before = listing(db)
        for args in readers:
            r = run(naba, *args, "--db", db)
            check(r.returncode in (0, 1), f"{' '.join(args)}: {r.returncode} {r.stderr[-300:]!r}")
        after = listing(db)
        check(after == before, f"read-only commands wrote nothing (alerts saved: {saved}): "
              f"{sorted(set(after) ^ set(before))} changed "
              f"{[p for p in before if p in after and before[p] != after[p]]}")
    check(not os.path.exists(os.path.join(db, "aliases.lock")), "no aliases.lock")


def index_makes_the_index(tmp):
    """Item 9: naba index creates its index, --alerts too (the alerts open once it exists)."""
    db = os.path.join(tmp, "new")
    r = run(naba, "index", "--alerts", "--db", db, sample_path(root))
    expect(r, 0, "alerts delivered 0 new matches", "index --alerts into a new index")
    expect(run(naba, "stats", "--db", db), 0, None, "stats of the new index")


def as_nobody(*args):
    return subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           naba, *args], capture_output=True, text=True)


def read_only_index(tmp):
    """Item 13: a read-only index (chmod -R a-w, as a user other than root) says "permission
    denied" to naba index, not "locked by another naba process"; the readers still work."""
    if shutil.which("setpriv") is None or as_nobody("--version").returncode != 0:
        print("read_only_index: skipped (cannot run naba as nobody with setpriv)")
        return
    ro = os.path.join(tmp, "ro")
    os.makedirs(ro)
    db = os.path.join(ro, "idx")
    expect(run(naba, "index", "--db", db, sample_path(root)), 0, None, "index the sample")
    expect(run(naba, "alert", "add", "--db", db, "syria", "--since", "2000-01-01", "سوريا"), 0,
           None, "alert add")
    with open(os.path.join(db, "naba.pid"), "w") as f:
        f.write("999999\n")  # a dead writer's pid: what the old message named
    corpus = os.path.join(ro, "one.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "n1", "title": "t", "body": "سوريا"}, ensure_ascii=False) + "\n")
    for dirpath, dirnames, filenames in os.walk(tmp):  # nobody may read, not write
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
    for dirpath, dirnames, filenames in os.walk(db):
        os.chmod(dirpath, 0o555)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o444)
    before = listing(db)
    r = as_nobody("index", "--db", db, corpus)
    expect(r, 2, f"naba: cannot write index {db}: Permission denied", "index a read-only index")
    check("locked" not in r.stderr and "--wait" not in r.stderr, f"not 'locked': {r.stderr!r}")
    for args, status in ((("search", "سوريا"), 0), (("stats",), 0), (("alert", "list"), 0),
                         (("alert", "run", "--dry-run"), 0), (("alias", "list"), 0)):
        r = as_nobody(*args, "--db", db)
        expect(r, status, None, f"read-only index: {' '.join(args)}")
    r = as_nobody("alias", "add", "--db", db, "Aleppo", "حلبا")
    expect(r, 2, "Permission denied", "read-only index: alias add")
    check(listing(db) == before, "read-only index unchanged")
    os.chmod(db, 0o755)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stats_over_stubs(tmp):
    """Item 13: stats --db DIR/shards.stub gives what --db DIR gives (it gave 0.0 MB), and
    stats reads the 'remote tcp HOST PORT TIMEOUT' lines that search reads."""
    sh = os.path.join(tmp, "sh")
    expect(run(naba, "index", "--shards", "2", "--db", sh, sample_path(root)), 0, None,
           "index 2 shards")
    by_folder = run(naba, "stats", "--json", "--db", sh)
    by_stub = run(naba, "stats", "--json", "--db", os.path.join(sh, "shards.stub"))
    expect(by_stub, 0, None, "stats --db sh/shards.stub")
    a, b = json.loads(by_folder.stdout), json.loads(by_stub.stdout)
    check(a == b and a["bytes"] > 1_000_000, f"the same stats, size included: {a} / {b}")
    text = run(naba, "stats", "--db", os.path.join(sh, "shards.stub")).stdout
    check("size         0.0 MB" not in text, f"stats text size: {text!r}")

    if shutil.which("xapian-tcpsrv") is None:
        print("stats_over_stubs: remote part skipped (no xapian-tcpsrv)")
        return
    port = free_port()
    server = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port),
                               os.path.join(sh, "shard-0")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        stub = os.path.join(tmp, "remote.stub")
        with open(stub, "w") as f:
            f.write(f"remote tcp 127.0.0.1 {port} 5\n")
        local = json.loads(run(naba, "stats", "--json", "--db",
                               os.path.join(sh, "shard-0")).stdout)
        for _ in range(50):  # the server takes a moment to listen
            r = run(naba, "stats", "--json", "--db", stub)
            if r.returncode == 0:
                break
            time.sleep(0.1)
        expect(r, 0, None, "stats --db remote.stub")
        got = json.loads(r.stdout) if r.returncode == 0 else {}
        check(got.get("articles") == local["articles"] and got.get("passages") == local["passages"],
              f"stats over a remote shard: {got} / {local}")
        r = run(naba, "search", "--db", stub, "-n", "1", "سوريا")
        expect(r, 0, None, "search --db remote.stub")
    finally:
        server.kill()
        server.wait()


with tempfile.TemporaryDirectory() as tmp:
    os.chmod(tmp, 0o755)  # read_only_index runs naba as nobody in it
    for case in (no_index_anywhere, fresh_home, readers_write_nothing, index_makes_the_index,
                 read_only_index, stats_over_stubs):
        work = os.path.join(tmp, case.__name__)
        os.makedirs(work)
        failed = check.failed
        case(work)
        print(f"{case.__name__}: {'ok' if check.failed == failed else 'FAILED'}", flush=True)

check.finish()
