#!/usr/bin/env python3
"""Shared TREC evaluator for the benchmarks in bench/ (python3 stdlib only).

Usage: bench/trec_eval.py RUN QRELS [--metrics mrr@10,recall@10,rprec,p@10] [--by-prefix]

RUN is a TREC run (`qid Q0 docid rank score tag`), ordered per query by the rank field, ties
broken by score descending. QRELS is TREC qrels (`qid 0 docid rel`, rel > 0 is relevant).
Metrics are computed per query, then averaged over ALL queries in the qrels that have at least
one relevant document; a query missing from the run scores 0.
  mrr@K     reciprocal rank of the first relevant document in the top K
  recall@K  share of the relevant documents found in the top K
  p@K       precision at K (relevant in top K / K)
  rprec     R-precision: precision at R, R = number of relevant documents
--by-prefix groups queries by the last "-" part of the qid (raqqa-canonical -> "canonical") and
prints the mean per group as well.

As a module: read_run(path), read_qrels(path), per_query(run, qrels, metrics),
evaluate(run, qrels, metrics) -> {metric: mean}, evaluate_groups(...) -> {group: {metric: mean}}.
A run is {qid: [docid, ...]} in rank order (read_run builds it); qrels is {qid: {docid, ...}}.
"""
import argparse
import sys

DEFAULT_METRICS = ("mrr@10", "recall@10", "rprec", "p@10")


def read_run(path):
    """Reads a TREC run file into {qid: [docid, ...]} ordered by rank, ties by score desc."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 5:
                raise ValueError(f"{path}:{n + 1}: expected 'qid Q0 docid rank score tag'")
            qid, docid, rank, score = parts[0], parts[2], int(parts[3]), float(parts[4])
            rows.setdefault(qid, []).append((rank, -score, n, docid))
    run = {}
    for qid, items in rows.items():
        items.sort()
        seen, ranked = set(), []
        for _, _, _, docid in items:
            if docid not in seen:  # a docid counts once, at its best rank
                seen.add(docid)
                ranked.append(docid)
        run[qid] = ranked
    return run


def read_qrels(path):
    """Reads TREC qrels into {qid: set(relevant docids)}; every qid seen is kept."""
    qrels = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 4:
                raise ValueError(f"{path}:{n + 1}: expected 'qid 0 docid rel'")
            rel = qrels.setdefault(parts[0], set())
            if float(parts[3]) > 0:
                rel.add(parts[2])
    return qrels


def _cutoff(metric):
    name, _, k = metric.partition("@")
    return name, (int(k) if k else None)


def score_query(ranked, relevant, metric):
    """One metric for one query: ranked docid list against the set of relevant docids."""
    name, k = _cutoff(metric.lower())
    if not relevant:
        return 0.0
    if name == "mrr":
        for i, d in enumerate(ranked[:k] if k else ranked):
            if d in relevant:
                return 1.0 / (i + 1)
        return 0.0
    if name == "recall":
        top = ranked[:k] if k else ranked
        return sum(1 for d in top if d in relevant) / len(relevant)
    if name == "p":
        if not k:
            raise ValueError("p needs a cutoff, e.g. p@10")
        return sum(1 for d in ranked[:k] if d in relevant) / k
    if name == "rprec":
        r = len(relevant)
        return sum(1 for d in ranked[:r] if d in relevant) / r
    raise ValueError(f"unknown metric {metric!r}")


def parse_metrics(metrics):
    if metrics is None:
        return list(DEFAULT_METRICS)
    if isinstance(metrics, str):
        metrics = metrics.split(",")
    out = [m.strip().lower() for m in metrics if m.strip()]
    for m in out:
        score_query([], {"x"}, m)  # validates the name
    return out


def per_query(run, qrels, metrics=None):
    """{qid: {metric: value}} for every qid in qrels with a relevant document."""
    metrics = parse_metrics(metrics)
    return {
        qid: {m: score_query(run.get(qid, []), rel, m) for m in metrics}
        for qid, rel in sorted(qrels.items())
        if rel
    }


def _mean(rows, metrics):
    n = len(rows)
    return {m: (sum(r[m] for r in rows) / n if n else 0.0) for m in metrics}


def evaluate(run, qrels, metrics=None):
    """{metric: mean over all judged queries}."""
    metrics = parse_metrics(metrics)
    return _mean(list(per_query(run, qrels, metrics).values()), metrics)


def group_of(qid):
    return qid.rsplit("-", 1)[-1]


def evaluate_groups(run, qrels, metrics=None):
    """{group: {metric: mean}} with the group taken from the last "-" part of the qid."""
    metrics = parse_metrics(metrics)
    groups = {}
    for qid, row in per_query(run, qrels, metrics).items():
        groups.setdefault(group_of(qid), []).append(row)
    return {g: _mean(rows, metrics) for g, rows in sorted(groups.items())}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run")
    ap.add_argument("qrels")
    ap.add_argument("--metrics", default=",".join(DEFAULT_METRICS))
    ap.add_argument("--by-prefix", action="store_true", help="also print means per qid group")
    ap.add_argument("--per-query", action="store_true", help="print every query's scores")
    args = ap.parse_args(argv)
    try:
        metrics = parse_metrics(args.metrics)
        run, qrels = read_run(args.run), read_qrels(args.qrels)
    except (OSError, ValueError) as e:
        ap.error(str(e))
    if args.per_query:
        for qid, row in per_query(run, qrels, metrics).items():
            print(qid, *(f"{m}={row[m]:.4f}" for m in metrics), sep="\t")
    if args.by_prefix:
        print("group", "queries", *metrics, sep="\t")
        counts = {}
        for qid, rel in qrels.items():
            if rel:
                counts[group_of(qid)] = counts.get(group_of(qid), 0) + 1
        for g, means in evaluate_groups(run, qrels, metrics).items():
            print(g, counts[g], *(f"{means[m]:.4f}" for m in metrics), sep="\t")
    means = evaluate(run, qrels, metrics)
    n = sum(1 for rel in qrels.values() if rel)
    print("all", n, *(f"{means[m]:.4f}" for m in metrics), sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
