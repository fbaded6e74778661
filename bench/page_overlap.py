#!/usr/bin/env python3
"""Whether pages of a query are cut from one order: pages 1 and 2 (-n 10, then --offset 10
-n 10) against one page of 20, for every query of a qid<TAB>query file, with every copy of a
story shown and with stories folded (docs/ranking.md, "Pages").

Usage: bench/page_overlap.py NABA DB QUERIES
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import run  # noqa: E402
from trec_eval import read_run  # noqa: E402


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    naba, db, queries = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        def ranked(name, *args):  # {qid: [article id, ...]} of naba search --batch
            path = os.path.join(tmp, name)
            run([naba, "search", "--db", db, "--batch", queries, *args], stdout=path, quiet=True)
            return read_run(path)

        for folded in (False, True):
            extra = [] if folded else ["--all-duplicates"]
            page1 = ranked("page1", "-n", "10", *extra)
            page2 = ranked("page2", "-n", "10", "--offset", "10", *extra)
            whole = ranked("whole", "-n", "20", *extra)
            full = [q for q in whole if len(whole[q]) == 20]
            repeated = sum(1 for q in full if set(page1[q]) & set(page2.get(q, [])))
            differ = sum(1 for q in full if page1[q] + page2.get(q, []) != whole[q])
            print(f"{'stories folded' if folded else 'every copy'}: {len(full)} queries with 20 "
                  f"results; page 2 shows an article of page 1: {repeated}; pages 1 and 2 "
                  f"differ from one page of 20: {differ}")


if __name__ == "__main__":
    main()
