#!/usr/bin/env python3
"""Whether pages of a query are cut from one order: pages 1 and 2 (-n 10, then --offset 10
-n 10) against one page of 20, for every query of a qid<TAB>query file, with every copy of a
story shown and with stories folded (docs/ranking.md, "Pages").

Usage: bench/page_overlap.py NABA DB QUERIES
"""
import subprocess
import sys
from collections import defaultdict


def ranked_ids(naba, db, queries, *args):
    """{qid: [article id, ...]} from naba search --batch."""
    out = subprocess.run([naba, "search", "--db", db, "--batch", queries, *args],
                         capture_output=True, text=True, check=False).stdout
    ids = defaultdict(list)
    for line in out.splitlines():
        qid, _, article = line.split()[:3]
        ids[qid].append(article)
    return ids


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    naba, db, queries = sys.argv[1:]
    for folded in (False, True):
        extra = [] if folded else ["--all-duplicates"]
        page1 = ranked_ids(naba, db, queries, "-n", "10", *extra)
        page2 = ranked_ids(naba, db, queries, "-n", "10", "--offset", "10", *extra)
        whole = ranked_ids(naba, db, queries, "-n", "20", *extra)
        full = [q for q in whole if len(whole[q]) == 20]
        repeated = sum(1 for q in full if set(page1[q]) & set(page2[q]))
        differ = sum(1 for q in full if page1[q] + page2[q] != whole[q])
        print(f"{'stories folded' if folded else 'every copy'}: {len(full)} queries with 20 "
              f"results; page 2 shows an article of page 1: {repeated}; pages 1 and 2 differ "
              f"from one page of 20: {differ}")


if __name__ == "__main__":
    main()
