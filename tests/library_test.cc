// The library boundary: naba::Index, errors with codes (never a Xapian
// exception), version. Uses only <naba/naba.h>.
#include <doctest/doctest.h>
#include <naba/naba.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_helpers.h"

namespace fs = std::filesystem;

namespace {

using naba::test::TempDir;

// The code of the naba::Error that f throws; fails the test for any other exception.
template <typename F>
naba::Error::Code error_code_of(F f) {
  try {
    f();
  } catch (const naba::Error& e) {
    CHECK(std::string(e.what()).size() > 0);
    return e.code();
  } catch (const std::exception& e) {
    FAIL("not a naba::Error: " << e.what());
  } catch (...) {
    FAIL("not a std::exception");
  }
  FAIL("nothing thrown");
  return naba::Error::Code::internal;
}

}  // namespace

TEST_CASE("Index: stats before and after commit, and a second writer is refused") {
  TempDir dir;
  const std::string path = (dir.path / "index").string();
  naba::Index index(path);
  CHECK(index.path() == path);
  index.add({.id = "a", .title = "الرقة", .body = "خبر عن الرقة.\nوفقرة ثانية عن درعا."});
  index.add({.id = "b", .title = "درعا", .body = "خبر عن درعا.", .source = "SANA"});
  CHECK(index.stats().articles == 2);            // the writer sees its own changes
  CHECK(naba::index_stats(path).articles == 0);  // readers see commits only
  index.commit();
  naba::IndexStats stats = naba::index_stats(path);
  CHECK(stats.articles == 2);
  CHECK(stats.sources == 1);
  CHECK(!stats.last_commit.empty());

  CHECK(error_code_of([&] { naba::Index second(path); }) == naba::Error::Code::locked);

  CHECK(index.remove("a"));
  CHECK_FALSE(index.remove("a"));
  naba::Index moved = std::move(index);
  moved.commit();
  CHECK(naba::index_stats(path).articles == 1);
}

TEST_CASE("errors cross the library boundary as naba::Error with a code") {
  TempDir dir;
  fs::create_directories(dir.path / "not-an-index");
  std::ofstream(dir.path / "not-an-index" / "iamchert") << "garbage";
  CHECK(error_code_of([&] { naba::Searcher s((dir.path / "none").string()); }) ==
        naba::Error::Code::not_found);
  CHECK(error_code_of([&] { naba::Searcher s((dir.path / "not-an-index").string()); }) ==
        naba::Error::Code::corrupt);
  CHECK(error_code_of([&] { naba::index_stats((dir.path / "none").string()); }) ==
        naba::Error::Code::not_found);

  const std::string path = (dir.path / "index").string();
  {
    naba::Index index(path);
    CHECK(error_code_of([&] { index.add({.id = "", .body = "x"}); }) ==
          naba::Error::Code::bad_argument);
    index.add({.id = "a", .body = "خبر"});
  }
  naba::Searcher searcher(path);
  CHECK(error_code_of([&] { searcher.search("\"unclosed"); }) == naba::Error::Code::bad_query);
  CHECK(error_code_of([&] { searcher.search("خبر", {.limit = 0}); }) ==
        naba::Error::Code::bad_argument);
  CHECK(searcher.search("خبر").results.size() == 1);
  CHECK(std::string(naba::error_code_name(naba::Error::Code::bad_query)) == "bad_query");
}

TEST_CASE("the library's version is the headers'") {
  std::string v = naba::version();
  CHECK(v == std::to_string(NABA_VERSION / 10000) + "." + std::to_string(NABA_VERSION / 100 % 100) +
                 "." + std::to_string(NABA_VERSION % 100));
}
