"""naba.Index: articles from dicts and files, commit, remove, the context manager."""
import gzip
import json
import pathlib

import pytest

import naba
from conftest import CORPUS, small_articles


def test_add_dicts_commit_and_search(tmp_path):
    index = naba.Index(tmp_path / "i", batch_size=100)
    assert index.path == str(tmp_path / "i")
    passages = index.add(small_articles()[0])
    assert passages >= 1
    assert index.add_many(small_articles()[1:]) >= 2
    assert index.stats().articles == 3  # uncommitted included
    with pytest.raises(naba.NotFoundError):
        naba.index_stats(tmp_path / "nothing")
    index.commit()
    stats = naba.index_stats(tmp_path / "i")
    assert (stats.articles, stats.sources) == (3, 2)
    assert stats.first_date == "2019-05-06" and stats.last_date == "2020-01-02"
    assert stats.last_commit and stats.bytes > 0
    assert stats.analyzer and naba.Searcher(tmp_path / "i").analysis_warning() == ""
    assert index.progress.articles == 3 and index.progress.committed == 3
    found = naba.Searcher(tmp_path / "i").search("دمشق")
    assert [r.id for r in found] == ["7"]  # an int id, as in JSON Lines
    assert index.remove("7") and not index.remove("7")
    index.close()
    assert naba.Searcher(tmp_path / "i").search("دمشق").total == 0


def test_context_manager_commits_and_releases_the_lock(tmp_path):
    with naba.Index(tmp_path / "i") as index:
        index.add({"id": "a", "body": "مدينة حلب"})
        with pytest.raises(naba.LockedError):
            naba.Index(tmp_path / "i")
    assert naba.index_stats(tmp_path / "i").articles == 1
    with pytest.raises(ValueError, match="closed"):
        index.add({"id": "b", "body": "x"})
    # An error in the block: what was added before it is kept (no rollback).
    with pytest.raises(ZeroDivisionError):
        with naba.Index(tmp_path / "i") as again:
            again.add({"id": "b", "body": "مدينة دمشق"})
            1 / 0
    assert naba.index_stats(tmp_path / "i").articles == 2


def test_replace_by_id(tmp_path):
    with naba.Index(tmp_path / "i") as index:
        index.add({"id": "a", "title": "قديم", "body": "مدينة حلب"})
        index.add({"id": "a", "title": "جديد", "body": "مدينة دمشق"})
    s = naba.Searcher(tmp_path / "i")
    assert s.search("حلب").total == 0
    assert [r.title for r in s.search("دمشق")] == ["جديد"]


def test_bad_articles(tmp_path):
    with naba.Index(tmp_path / "i") as index:
        with pytest.raises(naba.BadArgumentError, match="id"):
            index.add({"body": "no id"})
        with pytest.raises(naba.BadArgumentError):
            index.add({"id": "x" * 300, "body": "overlong id"})
        with pytest.raises(TypeError, match="'title' must be a str"):
            index.add({"id": "a", "title": 5, "body": "x"})
        with pytest.raises(TypeError, match="an article is a dict"):
            index.add(["id", "body"])
        with pytest.raises(TypeError):
            index.add_many([{"id": "ok", "body": "نص"}, "not a dict"])
        assert index.stats().articles == 1  # the good one before the bad one


def test_add_files_reports_problems(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = [json.dumps({"id": "g1", "title": "حلب", "body": "قصف على حلب"}, ensure_ascii=False),
             "{not json",
             json.dumps({"title": "no id", "body": "x"}),
             json.dumps({"id": "g2", "body": "دمشق"}, ensure_ascii=False)]
    with gzip.open(corpus / "a.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    (corpus / "note.txt").write_text("عنوان\nنص عن الرقة", encoding="utf-8")
    seen = []
    with naba.Index(tmp_path / "i") as index:
        problems = index.add_files(corpus, progress=seen.append)
        assert index.progress.articles == 3
    assert [(pathlib.Path(p.file).name, p.line, p.warning) for p in problems] == \
        [("a.jsonl.gz", 2, False), ("a.jsonl.gz", 3, False)]
    assert "id" in problems[1].message
    assert [p.articles for p in seen] == [1, 2, 3]
    assert naba.Searcher(tmp_path / "i").search("الرقة")[0].id == "note"


def test_progress_callback_can_stop_indexing(tmp_path):
    def stop(progress):
        if progress.articles == 5:
            raise KeyboardInterrupt
    index = naba.Index(tmp_path / "i")
    with pytest.raises(KeyboardInterrupt):
        index.add_files(CORPUS, progress=stop)
    assert index.stats().articles < 50
    index.add({"id": "after", "body": "ما زال يعمل"})  # the Index is still usable
    index.close()


def test_add_files_errors(tmp_path):
    with naba.Index(tmp_path / "i") as index:
        with pytest.raises(TypeError):
            index.add_files()
        problems = index.add_files(tmp_path / "missing.jsonl")
        assert len(problems) == 1 and problems[0].line == 0


def test_locked_waits_with_wait_for_lock(tmp_path):
    import threading
    import time
    first = naba.Index(tmp_path / "i")
    opened = []
    t = threading.Thread(target=lambda: opened.append(naba.Index(tmp_path / "i", wait_for_lock=True)))
    t.start()
    time.sleep(0.3)
    assert not opened  # waiting (without the GIL: this thread runs)
    first.close()
    t.join(10)
    assert opened
    opened[0].close()
