"""Fixtures of the naba module's tests. ctest sets PYTHONPATH to the built
package, NABA_CLI to the naba command (tests that compare with it are skipped
without it) and NABA_SOURCE_DIR; run by hand:
    PYTHONPATH=build/python NABA_CLI=build/cli/naba /usr/bin/python3 -m pytest python/tests"""
import os
import pathlib
import shutil

import pytest

import naba

SOURCE_DIR = pathlib.Path(os.environ.get("NABA_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))
CORPUS = SOURCE_DIR / "corpus"


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """The bundled sample corpus (corpus/), indexed once for the session."""
    path = tmp_path_factory.mktemp("sample") / "index"
    with naba.Index(path) as index:
        assert index.add_files(CORPUS) == []
    return str(path)


@pytest.fixture
def cli():
    """The naba command, or skip."""
    path = os.environ.get("NABA_CLI") or shutil.which("naba")
    if not path:
        pytest.skip("no naba command (set NABA_CLI)")
    return path


# An article with harakat, tatweel and emoji around the words a query matches.
HARAKAT_BODY = ("👨‍👩‍👧 وصلت القوات 😀 إلى مدينة وَبِالرَّقَّةِ صباحاً 🇸🇾 ثم الرقــة\n"
                "Raqqa 🙂 قال شاهد إن قوات سوريا الديمقراطية دخلت الرَّقَّة")


def small_articles():
    return [
        {"id": "harakat", "title": "خبر الرَّقَّة 😀", "body": HARAKAT_BODY, "date": "2020-01-02",
         "source": "Test"},
        {"id": 7, "title": "دمشق", "body": "اجتماع في دمشق اليوم حول الاقتصاد والزراعة",
         "date": "2019-05-06", "source": "Other"},
        {"id": "aleppo", "title": "حلب", "body": "قصف على حلب وريفها\nوعودة الأهالي إلى حلب",
         "date": None, "source": None, "extra": "ignored"},
    ]


@pytest.fixture
def small_index(tmp_path):
    """A fresh index of small_articles()."""
    path = tmp_path / "small"
    with naba.Index(path) as index:
        index.add_many(small_articles())
    return str(path)
