"""naba.Analyzer: tokens, str-index spans on harakat and emoji, the gazetteer."""
import json
import subprocess

import pytest

import naba
from conftest import HARAKAT_BODY

TEXTS = [
    HARAKAT_BODY,
    "وَبِالرَّقَّةِ",
    "😀😀 الرقة 👍🏽 دمشق 🇸🇾🇸🇾 حلب",
    "ﷺ الرقــــة café ⁧x⁩ naïve 𝔘𝔫𝔦 ٣٤٥",
]


@pytest.mark.parametrize("text", TEXTS)
def test_spans_slice_the_words(text):
    analyzer = naba.Analyzer()
    tokens = analyzer.analyze(text)
    assert tokens
    last = 0
    for t in tokens:
        assert last <= t.start < t.end <= len(text)
        word = text[t.start:t.end]
        # The slice is the word the token was made from: it normalises to it.
        assert analyzer.normalize(word) == t.normalized, (word, t)
        assert word == word.strip() and word
        last = t.end


@pytest.mark.parametrize("text", TEXTS)
def test_spans_are_the_commands_byte_spans(text, cli):
    """The same words as `naba analyze` (byte spans), as str indices."""
    out = subprocess.run([cli, "analyze", "--format", "tsv", text], capture_output=True,
                         text=True, check=True).stdout
    originals = [line.split("\t")[0] for line in out.splitlines() if line]
    tokens = naba.Analyzer().analyze(text)
    assert [text[t.start:t.end] for t in tokens] == originals


def test_harakat_and_emoji_exactly():
    text = "😀 وَبِالرَّقَّةِ 👨‍👩‍👧 الرقــة"
    tokens = naba.Analyzer().analyze(text)
    assert [text[t.start:t.end] for t in tokens] == ["وَبِالرَّقَّةِ", "الرقــة"]
    assert tokens[0].start == 2  # the emoji is one str index, its space another
    assert tokens[0].term == tokens[1].term == "~الرقه"
    assert tokens[0].known_name and tokens[0].position == 0 and tokens[1].position == 1


def test_entity_of_several_words():
    analyzer = naba.Analyzer()
    text = "🙂 دخلت قوات سوريا الديمقراطية المدينة"
    first = [t for t in analyzer.analyze(text) if t.entity][0]
    assert text[first.start:first.entity_end] == "قوات سوريا الديمقراطية"
    assert first.entity_words == 3
    entity = analyzer.entity(first.entity)
    assert entity is not None and entity.id == "sdf" and entity.type
    assert analyzer.name_term("قوات سوريا الديمقراطية") == first.entity
    assert analyzer.entity("nothing") is None
    assert analyzer.name_term("بيت") == ""


def test_words():
    analyzer = naba.Analyzer()
    assert analyzer.normalize("الرَّقَّةِ") == "الرقه"
    assert analyzer.stem(analyzer.normalize("والمدارس")) != ""
    assert analyzer.is_stopword(analyzer.normalize("في"))
    assert not analyzer.is_stopword("دمشق")
    stop = [t for t in analyzer.analyze("ذهب إلى دمشق") if t.stopword]
    assert len(stop) == 1 and stop[0].term == ""


def test_bad_text():
    analyzer = naba.Analyzer()
    with pytest.raises(TypeError, match="text must be a str"):
        analyzer.analyze(b"bytes")
    with pytest.raises(UnicodeEncodeError):
        analyzer.analyze("lone \ud800 surrogate")
    assert analyzer.analyze("") == []
    assert analyzer.analyze("a\x00b")  # NUL is a space, not an end
