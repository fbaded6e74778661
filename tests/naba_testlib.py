"""Helpers shared by the Python tests (tests/*.py): running naba, counting checks, the
bundled sample corpus, building a corpus of at least N articles (from ../shared when
present, else from the bundled sample), reading an index with xapian-delve.

Every test is given the repository root (ROOT); the shared folder is ROOT/../shared,
which may be absent (CI): whatever needs it falls back to the sample or skips."""
import gzip, json, os, socket, subprocess, sys, time

# The exit code of a skipped test (SKIP_RETURN_CODE in tests/CMakeLists.txt).
SKIP = 77


def shared_dir(root):
    """The shared folder beside the repository: ROOT/../shared (it may not exist)."""
    return os.path.normpath(os.path.join(root, "..", "shared"))


def shared_corpus(root):
    """The shared news corpus, or None when ROOT/../shared does not hold it."""
    path = os.path.join(shared_dir(root), "corpus", "news.jsonl.gz")
    return path if os.path.exists(path) else None


def skip(why):
    """Ends a test as skipped (exit 77), saying why."""
    print(f"SKIP: {why}", flush=True)
    sys.exit(SKIP)


def sample_path(root):
    """The bundled sample corpus, corpus/sample.jsonl."""
    return os.path.join(root, "corpus", "sample.jsonl")


def sample_articles(root):
    """The bundled sample's articles, in order."""
    with open(sample_path(root), encoding="utf-8") as f:
        return [json.loads(l) for l in f]


class Checks:
    def __init__(self):
        self.total = self.failed = 0

    def __call__(self, cond, what):
        self.total += 1
        if not cond:
            self.failed += 1
            print(f"FAIL: {what}", file=sys.stderr, flush=True)
        return cond

    def finish(self):
        print(f"{self.total - self.failed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)


def run(naba, *args, input=None, timeout=600, env=None, **kw):
    """Runs naba with args; output captured as text. env adds to the environment."""
    return subprocess.run([naba, *args], capture_output=True, text=True, input=input,
                          timeout=timeout, errors="replace",
                          env={**os.environ, **env} if env else None, **kw)


def runner(naba, **defaults):
    """run() bound to the naba binary (and default keyword arguments, e.g. timeout)."""
    return lambda *args, **kw: run(naba, *args, **{**defaults, **kw})


def stats(naba, db):
    r = run(naba, "stats", "--db", db, "--json")
    return json.loads(r.stdout) if r.returncode == 0 else None


def make_corpus(path, root, n):
    """Writes n distinct articles as JSON Lines to path; returns (ids in order, source)."""
    ids = []
    shared = shared_corpus(root)
    with open(path, "w", encoding="utf-8") as out:
        if shared:
            source = shared
            with gzip.open(shared, "rt", encoding="utf-8") as f:
                for line in f:
                    a = json.loads(line)
                    if a["id"] in ids:
                        continue
                    out.write(line if line.endswith("\n") else line + "\n")
                    ids.append(a["id"])
                    if len(ids) == n:
                        break
        else:  # CI: the bundled sample, copied under new ids until there are enough
            source = "corpus/sample.jsonl (ids varied)"
            sample = sample_articles(root)
            copy = 0
            while len(ids) < n:
                for a in sample:
                    if len(ids) == n:
                        break
                    b = dict(a, id=f"{a['id']}~{copy}" if copy else a["id"])
                    out.write(json.dumps(b, ensure_ascii=False) + "\n")
                    ids.append(b["id"])
                copy += 1
    return ids, source


def passages_by_article(db):
    """{article id: its passages} over the whole index, from the value slots of the
    article id (1) and of "passages:words" (4) via xapian-delve; None if the index
    cannot be opened."""
    slots = []
    for slot in ("-V1", "-V4"):
        r = subprocess.run(["xapian-delve", slot, db], capture_output=True, text=True,
                           errors="replace")
        if r.returncode != 0:
            return None
        slots.append(dict(item.split(":", 1) for item in r.stdout.split(":", 1)[1].split()))
    ids, passages = slots
    return {ids[doc]: int(passages.get(doc, "0").split(":")[0]) for doc in ids}


def index_ids(db):
    """Every article id in the index (its Q terms), via xapian-delve; None if unavailable."""
    r = subprocess.run(["xapian-delve", "-a", "-1", db], capture_output=True, text=True,
                       errors="replace")
    if r.returncode != 0:
        return None
    return [t[1:] for t in r.stdout.splitlines() if t.startswith("Q")]


# Articles whose title, body, source and URL carry markup and script: they must
# reach a page only as text (tests/server_test.py, tests/web_test.py).
INJECTIONS = ['<script>alert("naba-xss")</script>', '<img src=x onerror=alert("naba-xss")>',
              'javascript:alert("naba-xss")']


def injection_articles():
    """Three articles with each of INJECTIONS in a title, a body and a source (and
    javascript: URLs); all match the word مسرحية and hold the marker word naba-xss-test."""
    body = "\n".join(["مسرحية جديدة " + INJECTIONS[0] + " في المدينة naba-xss-test",
                      "الفقرة الثانية " + INJECTIONS[1] + " مسرحية " + INJECTIONS[2]])
    return [{"id": "xss-1", "title": "مسرحية " + INJECTIONS[0], "body": body,
             "date": "2018-05-01", "source": INJECTIONS[1], "url": INJECTIONS[2]},
            {"id": "xss-2", "title": INJECTIONS[1] + " مسرحية", "body": body.replace("جديدة", "قديمة"),
             "date": "2018-05-02", "source": "<b>bold</b>", "url": "javascript:alert(2)"},
            {"id": "xss-3", "title": "مسرحية " + INJECTIONS[2],
             "body": "\n".join(["عرض ثالث على خشبة المسرح الوطني " + INJECTIONS[2] + " naba-xss-test",
                                "مسرحية موسيقية للأطفال " + INJECTIONS[0] + " والجمهور " + INJECTIONS[1]]),
             "date": "2018-05-03", "source": INJECTIONS[2], "url": " JaVaScRiPt:alert(3)"}]


class Server:
    """naba serve on a free loopback port (--port 0), its stderr read in a thread;
    use as a context manager. url is http://127.0.0.1:PORT."""

    def __init__(self, naba, db, *extra):
        import re, threading
        self.proc = subprocess.Popen([naba, "serve", "--db", db, "--port", "0", *extra],
                                     stderr=subprocess.PIPE, text=True, errors="replace")
        self.log = []
        line = self.proc.stderr.readline()
        m = re.search(r"http://[^/]+:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError(f"naba serve did not start: {line}{self.proc.stderr.read()}")
        self.port = int(m.group(1))
        self.url = f"http://127.0.0.1:{self.port}"
        self.reader = threading.Thread(target=lambda: self.log.extend(self.proc.stderr), daemon=True)
        self.reader.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """SIGTERM, then the exit status (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode

    def request(self, method, path, body=None, headers=None, timeout=30):
        """(status, headers, parsed JSON or text) of one request."""
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        conn.request(method, path, body=data, headers=headers or {})
        res = conn.getresponse()
        raw = res.read()
        conn.close()
        text = raw.decode("utf-8", errors="replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        return res.status, dict(res.getheaders()), parsed

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def raw(self, data, timeout=10):
        """The bytes answered to raw bytes sent on one connection."""
        import socket
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            out = b""
            try:
                while chunk := s.recv(65536):
                    out += chunk
                    head, sep, body = out.partition(b"\r\n\r\n")
                    length = [l for l in head.lower().split(b"\r\n") if l.startswith(b"content-length:")]
                    if sep and length and len(body) >= int(length[0].split(b":")[1]):
                        break  # the whole answer: no need to wait for the server to close
            except (socket.timeout, ConnectionResetError):
                pass
        return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_tcpsrv(shard):
    """Starts xapian-tcpsrv for one shard; returns (process, port) once it listens. In a
    session of its own, so that os.killpg also stops the children serving connections."""
    for _ in range(5):
        port = free_port()
        proc = subprocess.Popen(["xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
                                 "--port", str(port), str(shard)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        for _ in range(100):
            if proc.poll() is not None:
                break  # port taken meanwhile: try another
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return proc, port
            except OSError:
                time.sleep(0.05)
        proc.kill()
    raise RuntimeError("could not start xapian-tcpsrv")
