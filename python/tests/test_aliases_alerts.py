"""naba.Aliases (a user's spellings of names) and naba.Alerts (saved searches
delivered once over new articles)."""
import pytest

import naba


def test_aliases(small_index):
    aliases = naba.Aliases(small_index)
    assert aliases.entries == [] and aliases.bad_lines == []
    searcher = naba.Searcher(small_index)
    assert searcher.search("شهباء").total == 0
    assert aliases.add("حلب", ["شهباء", "Xalepo"]) == 2
    assert aliases.add("حلب", ["شهباء"]) == 0  # already there
    assert aliases.file.endswith("aliases.tsv")
    found = aliases.find("حلب")
    assert found.name == "حلب" and set(found.spellings) == {"شهباء", "Xalepo"}
    assert [a.name for a in aliases.entries] == ["حلب"]
    assert aliases.find("دمشق") is None
    # The next search uses them, without re-indexing.
    r = searcher.search("شهباء")
    assert [x.id for x in r] == ["aleppo"]
    assert all(p.text[a:b].endswith("حلب") for p in r[0].passages for a, b in p.highlights)
    other = naba.Aliases(small_index)
    assert other.remove("حلب", ["Xalepo"]) == 1
    assert aliases.refresh() and aliases.find("حلب").spellings == ["شهباء"]
    assert not aliases.refresh()
    assert other.remove("حلب") == 1
    assert searcher.search("شهباء").total == 0


def test_alias_errors(small_index, tmp_path):
    aliases = naba.Aliases(small_index)
    with pytest.raises(naba.BadArgumentError):
        aliases.add("حلب", ["a|b"])
    with pytest.raises(naba.BadArgumentError):
        aliases.add("", ["x"])
    with pytest.raises(TypeError, match="not a str"):
        aliases.add("حلب", "شهباء")
    with pytest.raises(naba.NotFoundError):
        aliases.remove("nothing")
    with pytest.raises(naba.NotFoundError, match="no index"):
        naba.Aliases(tmp_path).add("x", ["y"])
    (tmp_path / "aliases.tsv").write_text("# naba aliases\nno tab here\nحلب\tشهباء\n",
                                          encoding="utf-8")
    read = naba.Aliases(tmp_path)
    assert len(read.bad_lines) == 1 and "expected NAME<TAB>SPELLING" in read.bad_lines[0]
    assert read.find("حلب").spellings == ["شهباء"]


def test_alerts_deliver_each_match_once(small_index):
    alerts = naba.Alerts(small_index)
    assert alerts.list() == []
    assert alerts.count_matches("حلب") == 1
    alerts.add("aleppo", "حلب")
    alerts.add("damascus", "دمشق", source="Other", since="2000-01-01")
    assert [a.name for a in alerts.list()] == ["aleppo", "damascus"]
    damascus = alerts.list()[1]
    assert (damascus.query, damascus.source, damascus.since) == ("دمشق", "Other", "2000-01-01")
    assert damascus.created and damascus.last_run == ""
    assert alerts.store_path.endswith("alerts.sqlite")

    got = []
    stats = alerts.run(got.append, dry_run=True)
    assert [(d.alert.name, [m.id for m in d.matches]) for d in got] == [("damascus", ["7"])]
    got.clear()
    stats = alerts.run(got.append)  # since covers what is indexed; aleppo starts now
    assert stats.matches == 1 and stats.alerts == 2
    assert [(d.alert.name, [m.id for m in d.matches]) for d in got] == [("damascus", ["7"])]
    passage = got[0].matches[0].passages[0]
    assert [passage.text[a:b] for a, b in passage.highlights] == ["دمشق"]
    assert alerts.run(got.append).matches == 0  # delivered once

    with naba.Index(small_index) as index:
        index.add({"id": "new", "body": "عودة الكهرباء إلى حلب"})
    # A deliver that raises: nothing is recorded, the next run delivers again.
    def fail(delivery):
        raise RuntimeError("printer on fire")
    with pytest.raises(RuntimeError, match="printer on fire"):
        alerts.run(fail, names=["aleppo"])
    got.clear()
    assert alerts.run(got.append, names=["aleppo"]).matches == 1
    assert [m.id for d in got for m in d.matches] == ["new"]
    assert alerts.list()[0].delivered == 1

    assert alerts.remove("aleppo") and not alerts.remove("aleppo")


def test_alert_errors(small_index, tmp_path):
    alerts = naba.Alerts(small_index)
    with pytest.raises(naba.BadQueryError):
        alerts.add("bad", '"unclosed')
    alerts.add("one", "حلب")
    with pytest.raises(naba.BadArgumentError):
        alerts.add("one", "دمشق")
    with pytest.raises(naba.BadArgumentError):
        alerts.add("two", "دمشق", since="not a date")
    with pytest.raises(naba.NotFoundError):
        alerts.run(lambda d: None, names=["nothing"])
    with pytest.raises(TypeError):
        alerts.run(lambda d: None, names="one")
    with pytest.raises(naba.NotFoundError, match="no index"):
        naba.Alerts(tmp_path)
