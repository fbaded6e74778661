"""naba.Searcher: results as objects, to_dict() as `naba search --json`, options,
highlight spans that slice the passage text (harakat, emoji, bad UTF-8)."""
import json
import math
import subprocess

import pytest

import naba
from conftest import HARAKAT_BODY


def test_results_are_objects(sample_index):
    s = naba.Searcher(sample_index)
    r = s.search("الرقة", passages=2)
    assert r.query == "الرقة" and r.total >= 10 and len(r) == 10
    assert [x.rank for x in r] == list(range(1, 11))
    assert r[0] is not None and r[-1].rank == 10
    with pytest.raises(IndexError):
        r[10]
    scores = [x.score for x in r.results]
    assert scores == sorted(scores, reverse=True)
    best = r.results[0]
    assert best.id and best.title and 1 <= len(best.passages) <= 2
    for p in best.passages:
        assert p.highlights and p.score > 0
        assert all("رق" in p.text[a:b] for a, b in p.highlights)
        assert p.marked("<", ">").count("<") == len(p.highlights)
    passage = r.results[0].passages[0]
    text = passage.text
    del r, best  # a passage keeps its results alive
    assert passage.text == text


def test_to_dict_is_the_commands_json(sample_index, cli):
    for query, options, flags in [("الرقة", {"passages": 3}, ["--passages", "3"]),
                                  ("سوريا OR دمشق", {"limit": 5, "offset": 2},
                                   ["--limit", "5", "--offset", "2"]),
                                  ('"قوات سوريا الديمقراطية"', {}, [])]:
        ours = naba.Searcher(sample_index).search(query, **options).to_dict()
        out = subprocess.run([cli, "search", "--db", sample_index, "--json", *flags, "--", query],
                             capture_output=True, check=True, text=True).stdout
        theirs = json.loads(out)
        assert_same_json(ours, theirs)
        assert json.loads(json.dumps(ours)) == ours  # plain JSON types only


def assert_same_json(ours, theirs, where="$"):
    """Equal, but for scores, which the command prints with 6 decimals."""
    assert type(ours) is type(theirs) or {type(ours), type(theirs)} == {int, float}, where
    if isinstance(ours, dict):
        assert list(ours) == list(theirs), where
        for k in ours:
            assert_same_json(ours[k], theirs[k], f"{where}.{k}")
    elif isinstance(ours, list):
        assert len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs)):
            assert_same_json(a, b, f"{where}[{i}]")
    elif isinstance(ours, float):
        assert math.isclose(ours, theirs, abs_tol=1e-6), where
    else:
        assert ours == theirs, where


def test_spans_on_harakat_and_emoji(small_index):
    r = naba.Searcher(small_index).search("الرقة", passages=5)
    assert [x.id for x in r] == ["harakat"]
    matched = [p.text[a:b] for p in r[0].passages for a, b in p.highlights]
    assert sorted(matched) == sorted(["وَبِالرَّقَّةِ", "الرقــة", "Raqqa", "الرَّقَّة"])
    for p in r[0].passages:
        assert p.text in HARAKAT_BODY
        for a, b in p.highlights:
            assert p.text[a:b] in HARAKAT_BODY
    # to_dict() has the same spans.
    for p in r.to_dict()["results"][0]["passages"]:
        assert [p["text"][a:b] for a, b in p["highlights"]] == \
            [m for m in matched if m in p["text"]][:len(p["highlights"])]


def test_entity_span_covers_the_name(small_index):
    r = naba.Searcher(small_index).search('"قوات سوريا الديمقراطية"')
    p = r[0].passages[0]
    assert [p.text[a:b] for a, b in p.highlights] == ["قوات سوريا الديمقراطية"]


def test_invalid_utf8(tmp_path):
    """Text that is not UTF-8 never reaches an index (the reader refuses it), but
    a file name may hold such bytes: messages show each as U+FFFD."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes("عنوان\nالرقة".encode() + b" \xff")
    with naba.Index(tmp_path / "i") as index:
        problems = index.add_files(folder)
    assert [p.message for p in problems] == ["invalid UTF-8"]
    name = str(tmp_path / "no\udcffindex")  # the byte 0xff, as os.fsdecode gives it
    with pytest.raises(naba.NotFoundError, match="no index at .*no\ufffdindex"):
        naba.Searcher(name)


def test_options(sample_index):
    s = naba.Searcher(sample_index)
    base = s.search("سوريا", limit=20)
    assert len(s.search("سوريا", limit=3)) == 3
    assert [x.id for x in s.search("سوريا", limit=5, offset=5)] == [x.id for x in base.results[5:10]]
    dated = s.search("سوريا", sort="date", limit=20)
    dates = [x.date[:10] for x in dated if x.date]  # by day
    assert dates == sorted(dates, reverse=True)
    since = s.search("سوريا", since="2018-01-01", until="2018-06-30", limit=50)
    assert since.total > 0 and all("2018-01-01" <= x.date[:10] <= "2018-06-30" for x in since)
    source = base[0].source
    assert all(x.source == source for x in s.search("سوريا", source=source.upper(), limit=50))
    assert s.search("سوريا", all_duplicates=True, limit=20).total >= base.total
    assert s.search("سوريا", reopen=False).total == s.search("سوريا").total
    assert s.search("url:x سوريا").warnings


def test_bad_options(sample_index):
    s = naba.Searcher(sample_index)
    with pytest.raises(TypeError, match="unexpected keyword argument 'limt'"):
        s.search("x", limt=3)
    with pytest.raises(naba.BadArgumentError, match="negative"):
        s.search("x", offset=-1)
    with pytest.raises(naba.BadArgumentError, match="at least 1"):
        s.search("x", limit=0)
    with pytest.raises(naba.BadArgumentError, match="too large"):
        s.search("x", limit=2**70)
    with pytest.raises(naba.BadArgumentError, match="sort"):
        s.search("x", sort="newest")
    with pytest.raises(naba.BadArgumentError):
        s.search("x", since="yesterday")
    with pytest.raises(TypeError):
        s.search("x", limit="3")
    with pytest.raises(TypeError):
        s.search("x", partial=1)
    with pytest.raises(naba.BadQueryError):
        naba.Searcher.check("(سوريا")
    naba.Searcher.check("سوريا", limit=5)
    with pytest.raises(naba.BadArgumentError):
        naba.Searcher.check("سوريا", limit=0)


def test_searcher_sees_new_commits(tmp_path):
    with naba.Index(tmp_path / "i") as index:
        index.add({"id": "a", "body": "مدينة حلب"})
        index.commit()
        with naba.Searcher(tmp_path / "i") as s:
            assert s.search("حلب").total == 1
            first = s.last_ingest()
            uuid = s.index_uuid()
            index.add({"id": "b", "body": "حلب مرة أخرى"})
            index.commit()
            assert s.search("حلب").total == 2
            assert s.last_ingest() == first + 1 and s.index_uuid() == uuid
    with pytest.raises(ValueError, match="closed"):
        s.search("حلب")


def test_terminal_text():
    assert naba.terminal_text("الرقة \x1b[31m red \u202e evil\u2066 \x9b\tok\n") == \
        "الرقة \\x1b[31m red <U+202E> evil<U+2066> <U+009B>\tok\n"
    assert naba.terminal_text("😀 café") == "😀 café"


def test_a_word_in_no_article_is_searched_as_the_nearest(sample_index):
    s = naba.Searcher(sample_index)
    r = s.search("الحكموة السورية")
    assert r.corrections == [{"word": "الحكموة", "searched": "الحكومة"}]
    assert r.to_dict()["corrections"] == r.corrections
    assert any("الحكموة" in w for w in r.warnings)
    assert r.total == s.search("الحكومة السورية").total
    as_written = s.search("الحكموة السورية", correct=False)
    assert as_written.corrections == [] and "corrections" not in as_written.to_dict()
    assert as_written.total < r.total
