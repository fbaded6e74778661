#!/usr/bin/env python3
"""scripts/gen_api_docs.py on a made-up header (tests/data/api_docs/fixture.h):
the headings it must produce, and those it must not (a brace initialiser split
into a heading of its own, a `namespace detail`, private members).

Usage: api_docs_test.py ROOT"""
import os, subprocess, sys

from naba_testlib import Checks

root = sys.argv[1]
check = Checks()
r = subprocess.run([sys.executable, os.path.join(root, "scripts", "gen_api_docs.py"), "--render",
                    os.path.join(root, "tests", "data", "api_docs", "fixture.h")],
                   capture_output=True, text=True)
check(r.returncode == 0, f"gen_api_docs.py --render exits 0: {r.stderr}")
headings = [l for l in r.stdout.splitlines() if l.startswith("#")]
print("\n".join(headings))

MUST = [
    "## `<naba/fixture.h>`",
    "### `inline constexpr std::size_t kFixtureBytes = std::size_t{4} << 20`",
    "### `inline constexpr int kFixtureCount = 7`",
    "### struct `naba::FixtureOptions`",
    "### enum `naba::FixtureKind`",
    "### class `naba::Fixture`",
    "### `std::string fixture_name(const Fixture& f)`",
]
for h in MUST:
    check(h in headings, f"heading {h!r} in {headings}")
check(len(headings) == len(MUST), f"exactly {len(MUST)} headings, got {len(headings)}: {headings}")
for text in ["detail", "fixture_hidden", "### `<< 20`", "int n_;", "parts_;", "n_{n}"]:
    check(text not in r.stdout, f"{text!r} is not in the output")
for member in ["- `explicit Fixture(int n)`", "- `int parts() const noexcept`"]:
    check(member in r.stdout, f"member {member!r} listed")
check("std::vector<std::string> names{};  ///< Braces, not a block." in r.stdout,
      "the struct's block keeps its brace-initialised member")
check.finish()
