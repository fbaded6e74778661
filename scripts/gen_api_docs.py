#!/usr/bin/env python3
"""Writes docs/api.md, the libnaba API reference, from the /** */ and ///<
comments of the public headers (the headers <naba/naba.h> includes, in its
order), and copies examples/embed/main.cc into docs/library.md.
Run from anywhere: scripts/gen_api_docs.py [--check | --render HEADER]

--check: exit 1 if either document is not what the sources give (ctest).
--render HEADER: print the section of one header (tests/api_docs_test.py).

Items of a namespace `detail` are implementation, not API: they are left out."""
import pathlib, re, sys, textwrap

root = pathlib.Path(__file__).resolve().parent.parent
out_path = root / "docs" / "api.md"


def header_path(name):
    """naba/x.h -> the folder's include/naba/x.h."""
    hits = sorted(root.glob(f"*/include/{name}")) + sorted(root.glob(f"include/{name}"))
    if not hits:
        sys.exit(f"gen_api_docs: no public header {name}")
    return hits[0]


def clean_comment(text):
    text = re.sub(r"^/\*\*<?|\*/$", "", text.strip())
    lines = [re.sub(r"^\s*\*(?=\s|$)", "", l).strip() for l in text.split("\n")]
    text = "\n".join(lines).strip()
    text = re.sub(r"@file\s+\S+\s*", "", text)
    text = re.sub(r"@p\s+(\w+)", r"`\1`", text)
    text = re.sub(r"@param\s+(\w+)", r"\n- `\1`:", text)
    return text.strip()


def clean_decl(text):
    text = text.replace("NABA_API ", "")
    text = re.sub(r"\)\s*:\s[^;]*$", ")", text)  # a constructor's member initializers
    return re.sub(r"\s+", " ", text).strip()


def opens_block(head):
    """Whether a '{' after head (at depth 0) opens a body (type, namespace,
    function) rather than a brace initialiser such as `= std::size_t{4} << 20`
    or `std::vector<int> v{}`."""
    head = head.strip()
    if re.search(r"\b(struct|class|enum|union|namespace)\b", head) or re.search(r"\boperator\b", head):
        return True
    if "=" in head:
        return False  # an initialiser: `x = T{...}`
    # A function's body: after its parameters, qualifiers, or a constructor's
    # member initialisers.
    return bool(re.search(r"(\)|\}|\b(const|noexcept|override|final))$", head)) and "(" in head


def split_items(body):
    """Top-level items of a declaration body: (comment, declaration, block)
    where block is the {...} part of a struct/class/enum, if any."""
    items, i, comment = [], 0, None
    n = len(body)
    while i < n:
        if body.startswith("/**", i):
            j = body.index("*/", i) + 2
            comment = body[i:j]
            i = j
            continue
        if body.startswith("//", i):
            i = body.index("\n", i) if "\n" in body[i:] else n
            continue
        if body[i].isspace():
            i += 1
            continue
        # A declaration: up to ';' at depth 0, or a '{...}' block then ';'.
        start, depth, j = i, 0, i
        block = None
        while j < n:
            c = body[j]
            if body.startswith("//", j):
                j = body.index("\n", j)
                continue
            if c in "({[":
                if c == "{" and depth == 0 and opens_block(body[start:j]):
                    k, d = j, 0
                    while True:
                        if body[k] == "{":
                            d += 1
                        elif body[k] == "}":
                            d -= 1
                            if d == 0:
                                break
                        k += 1
                    block = body[j + 1:k]
                    head = body[start:j]
                    j = k + 1
                    if re.search(r"\b(struct|class|enum|namespace)\b", head) or body[j:j + 1] == ";":
                        if body[j:j + 1] == ";":
                            j += 1
                    items.append((comment, head, block))
                    break
                depth += 1
            elif c in ")}]":
                depth -= 1
            elif c == ";" and depth == 0:
                items.append((comment, body[start:j], None))
                j += 1
                break
            j += 1
        # A trailing ///< comment belongs to this item.
        m = re.match(r"[ \t]*///<\s*(.*)", body[j:])
        if m and items:
            c, h, b = items[-1]
            items[-1] = ("/** " + m.group(1) + " */", h, b)
            j += m.end()
        comment = None
        i = j
    return items


def public_part(block):
    """The public section of a class body."""
    parts = re.split(r"^\s*(public|private|protected):\s*$", block, flags=re.M)
    keep, access = [], "public"
    keep.append(parts[0])
    for k in range(1, len(parts), 2):
        if parts[k] == "public":
            keep.append(parts[k + 1])
    return "\n".join(keep)


def render_block(head, block):
    body = textwrap.indent(textwrap.dedent(block.strip("\n").rstrip()), "  ")
    return f"```cpp\n{clean_decl(head)} {{\n{body}\n}};\n```\n"


def render(name, text):
    out = []
    m = re.match(r"\s*/\*\*.*?\*/", text, re.S)
    intro = clean_comment(m.group(0)) if m else ""
    out.append(f"## `<{name}>`\n\n{intro}\n")
    ns = re.search(r"namespace naba \{\n(.*)\n\}\s*// namespace naba", text, re.S)
    if not ns:
        return "\n".join(out)
    for comment, head, block in split_items(ns.group(1)):
        if re.match(r"\s*namespace\s+detail\b", head):
            continue  # implementation, not API
        decl = clean_decl(head)
        doc = clean_comment(comment) if comment else ""
        kind = re.match(r"(struct|class|enum class|enum)\s+(?:NABA_API\s+)?(\w+)", head.strip())
        if kind and block is not None and kind.group(1) == "class":
            out.append(f"### class `naba::{kind.group(2)}`\n\n{doc}\n")
            for c, h, b in split_items(public_part(block)):
                nested = b is not None and re.match(r"\s*(struct|enum)", h)
                if not c and not nested:
                    continue  # undocumented: copying, moving
                text = clean_comment(c).replace("\n", "\n  ") if c else ""
                if nested:
                    code = "\n".join("  " + l for l in render_block(h, b).rstrip().split("\n"))
                    out.append(f"- `{clean_decl(h)}`: {text}\n\n{code}\n")
                else:
                    out.append(f"- `{clean_decl(h)}`\n  {text}\n")
            out.append("")
        elif kind and block is not None:
            label = kind.group(1).split()[0]
            out.append(f"### {label} `naba::{kind.group(2)}`\n\n{doc}\n\n" + render_block(head, block))
        else:
            out.append(f"### `{decl}`\n\n{doc}\n")
    return "\n".join(out)


def main():
    if "--render" in sys.argv:
        header = pathlib.Path(sys.argv[sys.argv.index("--render") + 1])
        print(render(f"naba/{header.name}", header.read_text()))
        return
    umbrella = (root / "include" / "naba" / "naba.h").read_text()
    names = ["naba/naba.h"] + re.findall(r'#include "(naba/[\w.]+)"', umbrella)
    doc = ["<!-- Generated by scripts/gen_api_docs.py from the public headers; do not edit. -->",
           "# libnaba API reference\n",
           "Every declaration below is in namespace `naba` and reached through "
           "`#include <naba/naba.h>`. How to use them together: [library.md](library.md).\n"]
    for name in names:
        doc.append(render(name, header_path(name).read_text()))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(doc)).rstrip() + "\n"

    # docs/library.md shows examples/embed/main.cc verbatim.
    library = root / "docs" / "library.md"
    example = (root / "examples" / "embed" / "main.cc").read_text()
    old_library = library.read_text()
    new_library = re.sub(r"(<!-- example:begin[^\n]*-->\n)```cpp\n.*?```\n(<!-- example:end -->)",
                         lambda m: m.group(1) + "```cpp\n" + example + "```\n" + m.group(2),
                         old_library, flags=re.S)

    if "--check" in sys.argv:
        if not out_path.exists() or out_path.read_text() != text:
            sys.exit("docs/api.md is out of date: run scripts/gen_api_docs.py")
        if new_library != old_library:
            sys.exit("the example in docs/library.md differs from examples/embed/main.cc: "
                     "run scripts/gen_api_docs.py")
        return
    out_path.write_text(text)
    library.write_text(new_library)


main()
