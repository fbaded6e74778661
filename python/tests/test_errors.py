"""Every naba::Error arrives as a naba.Error subclass carrying its code."""
import pathlib
import shutil

import pytest

import naba

CODES = {"IoError": "io", "NotFoundError": "not_found", "LockedError": "locked",
         "CorruptError": "corrupt", "BadQueryError": "bad_query",
         "BadArgumentError": "bad_argument", "InternalError": "internal"}


def test_classes():
    assert issubclass(naba.Error, Exception)
    for name, code in CODES.items():
        cls = getattr(naba, name)
        assert issubclass(cls, naba.Error) and cls is not naba.Error
        assert cls.code == code and cls.__module__ == "naba" and cls.__doc__
    assert naba.Error.__doc__


def raised(f):
    with pytest.raises(naba.Error) as info:
        f()
    return info.value


def test_each_code(tmp_path, small_index):
    (tmp_path / "file").write_text("x")
    e = raised(lambda: naba.Index(tmp_path / "file" / "index"))
    assert type(e) is naba.IoError and e.code == "io" and "Not a directory" in str(e)

    e = raised(lambda: naba.Searcher(tmp_path / "none"))
    assert type(e) is naba.NotFoundError and e.code == "not_found"
    assert str(e) == f"no index at {tmp_path / 'none'}"

    with naba.Index(small_index):
        e = raised(lambda: naba.Index(small_index))
        assert type(e) is naba.LockedError and e.code == "locked"

    corrupt = tmp_path / "corrupt"
    shutil.copytree(small_index, corrupt)
    (corrupt / "iamglass").write_bytes(b"\0not glass" * 10)
    e = raised(lambda: naba.Searcher(corrupt))
    assert type(e) is naba.CorruptError and e.code == "corrupt" and "magic" in str(e)

    s = naba.Searcher(small_index)
    e = raised(lambda: s.search('"unclosed'))
    assert type(e) is naba.BadQueryError and e.code == "bad_query" and "never closed" in str(e)

    e = raised(lambda: s.search("x", since="2020-13-45"))
    assert type(e) is naba.BadArgumentError and e.code == "bad_argument"


def test_errors_leave_objects_usable(small_index):
    s = naba.Searcher(small_index)
    for _ in range(3):
        with pytest.raises(naba.BadQueryError):
            s.search("(")
        assert s.search("حلب").total == 1


def test_catch_as_error(tmp_path):
    try:
        naba.Aliases(tmp_path).add("x", ["y"])
    except naba.Error as e:
        assert e.code == "not_found" and "no index" in str(e)
    else:
        pytest.fail("no error")
