// The stub file reader (common/stub_file.h): nested stubs followed to a limit,
// loops refused naming their files, and no line of a file that is no stub quoted.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/stub_file.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "tests/test_helpers.h"

namespace {

using naba::test::TempDir;

// The message of the Error(bad_argument) that reading the stub at @p path throws.
std::string error_of(const std::string& path) {
  try {
    naba::stub_file::read(path);
  } catch (const naba::Error& e) {
    CHECK(e.code() == naba::Error::Code::bad_argument);
    return e.what();
  }
  FAIL("no error for: " << path);
  return {};
}

}  // namespace

TEST_CASE("a stub listing a stub lists its shards, a few levels deep") {
  TempDir dir("stub");
  { naba::Index(dir / "shard-0").add(naba::test::article("a1", "t", "سوريا")); }
  dir.write("inner.stub", "auto shard-0\nremote tcp 127.0.0.1 1\n");
  dir.write("outer.stub", "# outer\nauto inner.stub\n");
  auto shards = naba::stub_file::read(dir / "outer.stub");
  REQUIRE(shards.size() == 2);
  CHECK(shards[0].path == dir / "shard-0");
  CHECK(shards[1].remote());

  std::string last = "outer.stub";  // five stubs in a chain: one too many
  for (int i = 0; i < 4; ++i) {
    std::string name = "level" + std::to_string(i) + ".stub";
    dir.write(name, "auto " + last + "\n");
    last = name;
  }
  CHECK(naba::stub_file::read(dir / "level1.stub").size() == 2);
  CHECK(error_of(dir / "level3.stub").find("stub files nested more than 4 deep") == 0);
}

TEST_CASE("a stub that lists itself, or two that list each other: an error naming them") {
  TempDir dir("stub");
  dir.write("self.stub", "auto self.stub\n");
  CHECK(error_of(dir / "self.stub") == "stub files list each other in a loop: " +
                                           (dir / "self.stub") + " -> " + (dir / "self.stub"));
  dir.write("a.stub", "auto b.stub\n");
  dir.write("b.stub", "# b\nauto a.stub\n");
  CHECK(error_of(dir / "a.stub") == "stub files list each other in a loop: " + (dir / "a.stub") +
                                        " -> " + (dir / "b.stub") + " -> " + (dir / "a.stub"));
  // A folder holding Xapian's own stub (XAPIANDB) is followed by naba too.
  dir.write("folder/XAPIANDB", "auto ../folder\n");
  CHECK(error_of(dir / "folder/XAPIANDB").find("in a loop") != std::string::npos);

  // Searching or counting through a loop is an error, not a crash.
  CHECK_THROWS_AS(naba::Searcher(dir / "self.stub").search("سوريا"), naba::Error);
  CHECK_THROWS_AS(naba::index_stats(dir / "a.stub"), naba::Error);
  CHECK_THROWS_AS(naba::index_stats(dir / "folder"), naba::Error);
}

TEST_CASE("a file that is no stub: its path and line in the message, never its text") {
  TempDir dir("stub");
  const std::string secret = "root:x:0:0:secret-hash:/root:/bin/bash";
  dir.write("passwd", secret + "\n");
  CHECK(error_of(dir / "passwd") ==
        dir / "passwd" +
            ":1: not a shard line (auto PATH, glass PATH, remote HOST:PORT or remote tcp HOST "
            "PORT)");
  dir.write("ports.stub", "remote tcp secret-host 99999999\n");
  CHECK(error_of(dir / "ports.stub").find("secret") == std::string::npos);
  dir.write("big.stub", std::string(2 << 20, 'a'));
  CHECK(error_of(dir / "big.stub").find("is not a stub file") != std::string::npos);
}

TEST_CASE("a shard path the file system refuses (a name over NAME_MAX) is a shard, no exception") {
  // Found by fuzz_stub: is_stub let std::filesystem_error ("File name too long") escape.
  TempDir dir("stub");
  const std::string long_name(300, 'x');
  dir.write("long.stub", "auto " + long_name + "\n");
  std::vector<naba::stub_file::Shard> shards;
  CHECK_NOTHROW(shards = naba::stub_file::read(dir / "long.stub"));
  REQUIRE(shards.size() == 1);
  CHECK(shards[0].path == dir / long_name);
  CHECK_FALSE(naba::stub_file::is_stub(dir / long_name));
}
