#!/usr/bin/env python3
"""scripts/check_house.py on a made-up source tree: every rule fires where it must
(and names the file, line and rule), and allowed includes pass.

Usage: house_check_test.py ROOT"""
import os, subprocess, sys, tempfile

from naba_testlib import Checks

root = sys.argv[1]
check = Checks()

TREE = {
    "common/schema.h": "#pragma once\n",
    "common/schema.cc": '#include "schema.h"\n#include "common/schema.h"\n#include <string>\n',
    "common/include/naba/error.h": "#pragma once\n// Not Xapian::Error: comments may name it.\n",
    "indexer/include/naba/index.h": '#pragma once\n#include "naba/error.h"\n#include "common/schema.h"\n',
    "analyzers/stemmer.h": '#pragma once\n#include "common/schema.h"\n',
    "analyzers/analyzer.cc": '#include "analyzers/stemmer.h"\n#include "searcher/names.h"\n',
    "indexer/index_writer.cc": '#include "analyzers/stemmer.h"\n#include "naba/error.h"\n',
    "searcher/names.h": "#pragma once\n",
    "searcher/searcher.cc": '#include "indexer/passages.h"\n#include "names.h"\n' + "int x;\n" * 499,
    "indexer/passages.h": "#pragma once\n",
    "searcher/include/naba/search.h": "#pragma once\n#include <xapian.h>\nnamespace detail {}\n",
    "alerts/alerts.cc": '#include "common/schema.h"\n#include "searcher/names.h"\n#include "naba/search.h"\n',
    "cli/main.cc": '#include "cli/commands.h"\n#include "indexer/passages.h"\n/* #include "searcher/names.h" */\n',
    "cli/commands.h": "#pragma once\n",
    "include/naba/naba.h": "#pragma once\n#include <unicode/unistr.h>\nicu::UnicodeString s;\n",
}
EXPECTED = {
    "common/schema.cc:1: folder",
    "analyzers/analyzer.cc:2: floors",
    "searcher/searcher.cc:2: folder",
    "searcher/searcher.cc:1: size",
    "searcher/include/naba/search.h:2: public",
    "searcher/include/naba/search.h:3: public",
    "alerts/alerts.cc:2: floors",
    "cli/main.cc:2: floors",
    "include/naba/naba.h:2: public",
    "include/naba/naba.h:3: public",
    "indexer/include/naba/index.h:3: public",
}
script = os.path.join(root, "scripts", "check_house.py")
with tempfile.TemporaryDirectory() as tmp:
    for name, text in TREE.items():
        os.makedirs(os.path.dirname(os.path.join(tmp, name)), exist_ok=True)
        open(os.path.join(tmp, name), "w").write(text)
    r = subprocess.run([sys.executable, script, "--root", tmp], capture_output=True, text=True)
    print(r.stdout, end="")
    check(r.returncode == 1, f"exit 1 on a tree that breaks the rules, got {r.returncode}: {r.stderr}")
    found = {":".join(l.split(":")[:3]).strip() for l in r.stdout.splitlines()}
    for e in sorted(EXPECTED):
        check(e in found, f"reported: {e}")
    check(found == EXPECTED, f"nothing else reported: {sorted(found - EXPECTED)}")
    check('name its folder: "common/schema.h"' in r.stdout, "the folder rule names the header's path")

    # The same tree, made lawful, passes.
    lawful = {**TREE,
              "common/schema.cc": '#include "common/schema.h"\n',
              "analyzers/analyzer.cc": '#include "analyzers/stemmer.h"\n',
              "searcher/searcher.cc": '#include "indexer/passages.h"\n#include "searcher/names.h"\n',
              "searcher/include/naba/search.h": "#pragma once\n#include <string>\n",
              "alerts/alerts.cc": '#include "common/schema.h"\n#include "naba/search.h"\n',
              "cli/main.cc": '#include "cli/commands.h"\n#include "naba/naba.h"\n',
              "include/naba/naba.h": "#pragma once\n#include \"naba/search.h\"\n",
              "indexer/include/naba/index.h": '#pragma once\n#include "naba/error.h"\n'}
    for name, text in lawful.items():
        open(os.path.join(tmp, name), "w").write(text)
    r = subprocess.run([sys.executable, script, "--root", tmp], capture_output=True, text=True)
    check(r.returncode == 0 and r.stdout == "", f"a lawful tree passes: {r.stdout} {r.stderr}")
check.finish()
