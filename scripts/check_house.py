#!/usr/bin/env python3
"""The house rules of naba's sources (docs/design.md), checked:

  folder   a library source includes a project header without naming its folder
           (#include "schema.h" instead of "common/schema.h"); public headers are
           included as "naba/x.h"
  floors   a folder includes another folder's internal header against the floors
           common -> analyzers -> indexer -> searcher -> alerts -> server -> cli:
           each may include its own and lower floors' internal headers, except that
           alerts/ may include only its own and common/'s, server/ only its own, and
           cli/ its own and server/'s (all three use the public headers, naba/...)
  public   a public header (*/include/naba/*.h, include/naba/*.h) names `detail`
           or a Xapian, ICU or simdjson type or header (comments aside), or
           includes an internal header
  size     a source file of a library folder is over 500 lines

Each violation is printed as FILE:LINE: RULE: TEXT; the exit status is 1 if there
is any, else 0.  Usage: scripts/check_house.py [--root REPOSITORY]   (ctest house_rules)"""
import argparse, pathlib, re, sys

FLOORS = ["common", "analyzers", "indexer", "searcher", "alerts", "server", "cli"]
# Internal headers each folder may include besides its own (public ones: always).
ONLY = {"alerts": {"alerts", "common"}, "server": {"server"}, "cli": {"cli", "server"}}
MAX_LINES = 500
SOURCE = {".h", ".cc"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
PUBLIC_BANNED = re.compile(r"\bdetail\b|Xapian::|<xapian|\bicu::|<unicode/|simdjson")


def may_include(frm, to):
    """Whether folder frm may include an internal header of folder to."""
    if frm == to:
        return True
    if frm in ONLY:
        return to in ONLY[frm]
    return FLOORS.index(to) < FLOORS.index(frm)


def strip_comments(text):
    """text with /* */ and // comments blanked (newlines kept, so lines stay put)."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def library_sources(root):
    for floor in FLOORS:
        for path in sorted((root / floor).rglob("*")):
            if path.suffix in SOURCE and path.is_file() and "include" not in path.relative_to(root).parts:
                yield floor, path


def public_headers(root):
    yield from sorted(root.glob("*/include/naba/*.h"))
    yield from sorted(root.glob("include/naba/*.h"))


def check(root):
    root = root.resolve()
    # Every project header by the last parts of its path, to recognise "x.h" as a
    # project file (any folder but the build's and tests').
    project = {}
    for top in sorted(root.iterdir()):
        if not top.is_dir() or top.name.startswith(("build", ".")) or \
                top.name in ("tests", "bench", "fuzz"):
            continue
        for path in top.rglob("*.h"):
            project.setdefault(path.name, []).append(path.relative_to(root).as_posix())
    out = []

    def report(path, line, rule, text):
        out.append(f"{path.relative_to(root).as_posix()}:{line}: {rule}: {text.strip()}")

    for floor, path in library_sources(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        for n, line in enumerate(strip_comments(text).split("\n"), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            name = m.group(2)
            if name.startswith("naba/"):
                continue  # a public header
            top = name.split("/")[0]
            if top in FLOORS and (root / name).is_file():
                if not may_include(floor, top):
                    report(path, n, "floors", f"{lines[n - 1]}  ({floor}/ may not include {top}/'s "
                           "internal headers)")
                continue
            if m.group(1) == '"' or "/" not in name:
                owners = [p for p in project.get(pathlib.PurePosixPath(name).name, [])
                          if p.endswith("/" + name) or p == name]
                if owners:
                    report(path, n, "folder", f"{lines[n - 1]}  (name its folder: "
                           f"\"{owners[0]}\")")
        if len(lines) - (lines[-1] == "") > MAX_LINES:
            report(path, 1, "size", f"{len(lines) - (lines[-1] == '')} lines (at most {MAX_LINES})")

    for path in public_headers(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        for n, line in enumerate(strip_comments(text).split("\n"), 1):
            m = PUBLIC_BANNED.search(line)
            if m:
                report(path, n, "public", f"{lines[n - 1]}  (names {m.group(0)!r})")
            m = INCLUDE.match(line)
            if m and m.group(2).split("/")[0] in FLOORS:
                report(path, n, "public", f"{lines[n - 1]}  (an internal header)")
    return sorted(out, key=lambda v: (v.split(":")[0], int(v.split(":")[1])))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=pathlib.Path,
                    default=pathlib.Path(__file__).resolve().parent.parent)
    args = ap.parse_args()
    violations = check(args.root)
    for v in violations:
        print(v)
    print(f"check_house: {len(violations)} violation(s)", file=sys.stderr)
    sys.exit(1 if violations else 0)


main()
