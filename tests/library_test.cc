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

TEST_CASE("facets count articles, not passages, over every match (not only the page)") {
  TempDir dir;
  const std::string path = (dir.path / "index").string();
  {
    naba::Index index(path);
    // Several paragraphs each, so several passages match per article.
    const std::string body = "خبر عن الرقة.\nفقرة ثانية عن الرقة.\nفقرة ثالثة عن الرقة أيضا.";
    index.add({.id = "a",
               .title = "الرقة",
               .body = body,
               .date = "2018-03-01",
               .source = "BBC",
               .category = "middleEast"});
    index.add({.id = "b",
               .title = "الرقة",
               .body = body + " ب",
               .date = "2018-03-20",
               .source = "bbc",
               .category = "economy"});
    index.add({.id = "c",
               .title = "الرقة",
               .body = body + " ج",
               .date = "2018-04-02",
               .source = "CNN",
               .category = "MiddleEast"});
    index.add({.id = "d",
               .title = "درعا",
               .body = "خبر عن درعا.",
               .date = "2017-01-01",
               .source = "CNN",
               .category = "economy"});
    index.add({.id = "e", .title = "الرقة", .body = body + " هـ"});  // no date, no source
  }
  naba::Searcher searcher(path);
  naba::SearchOptions o{.limit = 1, .all_duplicates = true};
  o.facets = {"source", "date:month", "date:day", "date:year", "date"};
  naba::SearchResults r = searcher.search("الرقة", o);
  CHECK(r.total == 4);
  CHECK(r.results.size() == 1);
  REQUIRE(r.facets.size() == 5);
  auto counts = [](const naba::Facet& f) {
    std::vector<std::pair<std::string, std::size_t>> out;
    for (const auto& c : f.counts) out.emplace_back(c.value, c.count);
    return out;
  };
  using Counts = std::vector<std::pair<std::string, std::size_t>>;
  CHECK(r.facets[0].name == "source");
  CHECK(r.facets[0].complete);
  // "BBC" and "bbc" are one source, as the source filter matches any case.
  REQUIRE(r.facets[0].counts.size() == 2);
  CHECK((r.facets[0].counts[0].value == "BBC" || r.facets[0].counts[0].value == "bbc"));
  CHECK(r.facets[0].counts[0].count == 2);
  CHECK(counts(r.facets[0])[1] == std::pair<std::string, std::size_t>{"CNN", 1});
  CHECK(counts(r.facets[1]) == Counts{{"2018-03", 2}, {"2018-04", 1}});
  CHECK(counts(r.facets[2]) == Counts{{"2018-03-01", 1}, {"2018-03-20", 1}, {"2018-04-02", 1}});
  CHECK(counts(r.facets[3]) == Counts{{"2018", 3}});
  CHECK(counts(r.facets[4]) == counts(r.facets[1]));  // "date" is date:month
  CHECK_FALSE(r.cut_short);

  // Categories as sources: any case is one, articles without one not counted.
  o.facets = {"category"};
  naba::SearchResults by_category = searcher.search("الرقة", o);
  REQUIRE(by_category.facets.size() == 1);
  REQUIRE(by_category.facets[0].counts.size() == 2);
  CHECK(by_category.facets[0].counts[0].value.substr(1) == "iddleEast");  // either case
  CHECK(by_category.facets[0].counts[0].count == 2);
  CHECK(counts(by_category.facets[0])[1] == std::pair<std::string, std::size_t>{"economy", 1});
  o.facets.clear();
  o.category = "MIDDLEEAST";
  CHECK(searcher.search("الرقة", o).total == 2);
  o.category.clear();

  o.facets = {"colour"};
  CHECK(error_code_of([&] { searcher.search("الرقة", o); }) == naba::Error::Code::bad_argument);
  CHECK(error_code_of([&] { naba::Searcher::check("الرقة", o); }) ==
        naba::Error::Code::bad_argument);
  o.facets.clear();
  o.time_limit_ms = 10000;  // far from reached: the same results, not cut short
  naba::SearchResults limited = searcher.search("الرقة", o);
  CHECK(limited.total == r.total);
  CHECK_FALSE(limited.cut_short);
}
