"""naba: full-text search for Arabic news (libnaba's Python bindings).

    import naba
    with naba.Index("news-index") as index:
        index.add_files("corpus/")
    for r in naba.Searcher("news-index").search("الرقة", passages=2):
        print(r.rank, naba.terminal_text(r.title))
        for p in r.passages:
            print("   ", naba.terminal_text(p.marked()))

Every call that fails raises a naba.Error subclass, whose .code names the kind
of failure. Highlight spans are str indices: text[start:end] is the match.
Indexing and searching release the GIL. See docs/python.md.
"""
from naba._naba import (
    Alert,
    AlertDelivery,
    AlertRunStats,
    Alerts,
    Alias,
    Aliases,
    Analyzer,
    BadArgumentError,
    BadQueryError,
    CorruptError,
    Entity,
    Error,
    Index,
    IndexProgress,
    IndexStats,
    InternalError,
    IoError,
    LockedError,
    NotFoundError,
    PassageHit,
    ReadProblem,
    SearchResult,
    SearchResults,
    Searcher,
    Token,
    default_index_path,
    index_stats,
    terminal_text,
    version,
)

__version__ = version()

__all__ = [
    "Alert", "AlertDelivery", "AlertRunStats", "Alerts", "Alias", "Aliases", "Analyzer",
    "BadArgumentError", "BadQueryError", "CorruptError", "Entity", "Error", "Index",
    "IndexProgress", "IndexStats", "InternalError", "IoError", "LockedError", "NotFoundError",
    "PassageHit", "ReadProblem", "SearchResult", "SearchResults", "Searcher", "Token",
    "default_index_path", "index_stats", "terminal_text", "version",
]

# Shown as naba.Searcher, not naba._naba.Searcher.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__ == "naba._naba":
        _obj.__module__ = "naba"
del _name, _obj
