"""Helpers shared by the reliability tests: running naba, counting checks, building a
corpus of at least N articles (from ../shared when present, else from the bundled sample)."""
import gzip, json, os, subprocess, sys

# ../shared beside the repository, as the project guide places it.
SHARED_CORPUS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                              "..", "shared", "corpus", "news.jsonl.gz"))


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


def run(naba, *args, input=None, timeout=600, **kw):
    return subprocess.run([naba, *args], capture_output=True, text=True, input=input,
                          timeout=timeout, errors="replace", **kw)


def stats(naba, db):
    r = run(naba, "stats", "--db", db, "--json")
    return json.loads(r.stdout) if r.returncode == 0 else None


def make_corpus(path, root, n):
    """Writes n distinct articles as JSON Lines to path; returns (ids in order, source)."""
    ids = []
    with open(path, "w", encoding="utf-8") as out:
        if os.path.exists(SHARED_CORPUS):
            source = SHARED_CORPUS
            with gzip.open(SHARED_CORPUS, "rt", encoding="utf-8") as f:
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
            sample = [json.loads(l) for l in open(os.path.join(root, "corpus", "sample.jsonl"),
                                                  encoding="utf-8")]
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
    """{article id: passage documents} over the whole index, from the article-id value
    slot (1) via xapian-delve; None if the index cannot be opened."""
    r = subprocess.run(["xapian-delve", "-V1", db], capture_output=True, text=True,
                       errors="replace")
    if r.returncode != 0:
        return None
    counts = {}
    for item in r.stdout.split(":", 1)[1].split():
        article = item.split(":", 1)[1]
        counts[article] = counts.get(article, 0) + 1
    return counts


def index_ids(db):
    """Every article id in the index (its Q terms), via xapian-delve; None if unavailable."""
    r = subprocess.run(["xapian-delve", "-a", "-1", db], capture_output=True, text=True,
                       errors="replace")
    if r.returncode != 0:
        return None
    return [t[1:] for t in r.stdout.splitlines() if t.startswith("Q")]
