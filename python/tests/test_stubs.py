"""The type stubs (naba/__init__.pyi) name exactly what the module has, every
public member has a docstring, and the classes' docstrings open with the words
of their C++ header comments."""
import ast
import pathlib
import re

import pytest

import naba
from conftest import SOURCE_DIR

STUBS = ast.parse(pathlib.Path(naba.__file__).with_name("__init__.pyi").read_text("utf-8"))
CLASSES = {node.name: node for node in STUBS.body if isinstance(node, ast.ClassDef)}
EXCEPTIONS = {name for name, node in CLASSES.items()
              if any(getattr(b, "id", "") in ("Error", "Exception") for b in node.bases)}
DUNDERS = {"__init__", "__enter__", "__exit__", "__len__", "__iter__", "__getitem__"}


def stub_names(body):
    names = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_") or n in DUNDERS or n == "__version__"}


def test_module_names():
    assert stub_names(STUBS.body) == set(naba.__all__) | {"__version__"}


@pytest.mark.parametrize("name", sorted(set(CLASSES) - EXCEPTIONS))
def test_class_members(name):
    cls = getattr(naba, name)
    runtime = {n for n in vars(cls) if not n.startswith("_") or n in DUNDERS}
    if not (cls.__init__.__doc__ or "").startswith("__init__("):
        runtime.discard("__init__")  # pybind11's "No constructor defined"
    assert stub_names(CLASSES[name].body) == runtime
    for member in runtime - DUNDERS:
        doc = getattr(cls, member).__doc__ or ""
        # pybind11 puts the signature first: the doc is what follows it.
        text = re.sub(r"^\w+\(.*\) -> .*\n", "", doc)
        assert text.strip(), f"{name}.{member} has no docstring"


def pybind_parameters(function):
    first = function.__doc__.split("\n")[0]
    params = re.match(r"\w+\((.*)\) ->", first).group(1)
    names = [p.split(":")[0].strip().lstrip("*") for p in params.split(", ")]
    return [n for n in names if n]  # "*": keyword-only from here


@pytest.mark.parametrize("name", sorted(set(CLASSES) - EXCEPTIONS))
def test_parameters(name):
    """The stubs' parameter names are the module's (search's options: accepted)."""
    cls = getattr(naba, name)
    for node in CLASSES[name].body:
        if not isinstance(node, ast.FunctionDef) or node.name in DUNDERS - {"__init__"}:
            continue
        if node.decorator_list and getattr(node.decorator_list[0], "id", "") == "property":
            continue
        stub = [a.arg for a in node.args.args + node.args.kwonlyargs if a.arg != "self"]
        if node.args.vararg:
            stub.insert(0, "args")  # pybind11 calls every *args that
        ours = [p for p in pybind_parameters(getattr(cls, node.name)) if p != "self"]
        if ours[-1:] == ["kwargs"]:  # search(query, **options): try each option
            defaults = dict(zip([a.arg for a in node.args.kwonlyargs],
                                [ast.literal_eval(d) for d in node.args.kw_defaults]))
            naba.Searcher.check("x", **defaults)
            stub = stub[:len(ours) - 1] + ["kwargs"]
        assert stub == ours, f"{name}.{node.name}"


def header_text():
    text = ""
    for header in sorted(SOURCE_DIR.glob("*/include/naba/*.h")):
        for line in header.read_text("utf-8").splitlines():
            text += " " + re.sub(r"^\s*(/\*\*|\*/|\*|///?<?)?", "", line).split("///<")[-1]
    return " ".join(text.replace("*/", " ").replace("@p ", "").split())


@pytest.mark.parametrize("name", sorted(set(CLASSES) - EXCEPTIONS - {"AlertRunStats"}))
def test_docstrings_from_headers(name):
    words = " ".join(getattr(naba, name).__doc__.split()[:6])
    assert words in header_text(), f"{name}: {words!r} is not in a public header's comments"
