"""A Searcher kept over remote shards (xapian-tcpsrv) when one stops answering:
with partial=True it searches the other, whose documents are numbered anew, and
must show that shard's articles as a Searcher of it alone shows them, never what
it read under the old numbers. Skipped without xapian-tcpsrv (xapian-tools)."""
import os
import shutil
import signal
import sys

import pytest

import naba
from conftest import SOURCE_DIR

sys.path.insert(0, str(SOURCE_DIR / "tests"))
from naba_testlib import start_tcpsrv  # noqa: E402  (tests/, beside the C++ tests)

pytestmark = pytest.mark.skipif(not shutil.which("xapian-tcpsrv"),
                                reason="xapian-tcpsrv not found (apt-get install xapian-tools)")


def shown(results):
    return [(r.id, r.title, r.score, [p.text for p in r.passages]) for r in results.results]


def test_a_shard_that_stops_answering_renumbers_what_is_shown(tmp_path):
    shards = []
    for name in ("a", "b"):
        path = tmp_path / name
        with naba.Index(path) as index:
            index.add_many([{"id": f"{name}{i}", "title": f"حلب {name} {i}",
                             "body": f"قصف على حلب في اليوم {i} من الشهر، وخبر {name} رقم {i}."}
                            for i in range(1, 5)])
        shards.append(path)
    servers = [start_tcpsrv(path) for path in shards]
    try:
        stub = tmp_path / "shards.stub"
        stub.write_text("".join(f"remote 127.0.0.1:{port}\n" for _, port in servers))
        searcher = naba.Searcher(stub)
        both = searcher.search("حلب", all_duplicates=True)
        assert sorted(r.id for r in both.results) == [f"{n}{i}" for n in "ab" for i in range(1, 5)]
        os.killpg(servers[1][0].pid, signal.SIGKILL)  # the server and the child serving us
        servers[1][0].wait()
        partial = searcher.search("حلب", all_duplicates=True, partial=True)
        assert partial.missing_shards
        alone = naba.Searcher(shards[0]).search("حلب", all_duplicates=True)
        assert shown(partial) == shown(alone) and len(alone.results) == 4
    finally:
        for proc, _ in servers:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
