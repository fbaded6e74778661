// Pages of a query are cut from one order: paging through the results shows
// each article once, in the order one long page shows them, whatever the size
// of the pages.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "naba/corpus.h"
#include "naba/index.h"
#include "naba/search.h"
#include "test_helpers.h"

namespace {

using naba::test::TempDir;

const std::string kSample = std::string(NABA_SOURCE_DIR) + "/corpus/sample.jsonl";

// The ids of results offset to offset + limit.
std::vector<std::string> page(naba::Searcher& s, const std::string& query, naba::SearchOptions o,
                              std::size_t offset, std::size_t limit) {
  o.offset = offset, o.limit = limit;
  std::vector<std::string> out;
  for (const auto& r : s.search(query, o).results) out.push_back(r.id);
  return out;
}

}  // namespace

TEST_CASE("paging: each article once, in the order of one long page, whatever the page size") {
  TempDir db;
  {
    naba::Index index(db.path.string());
    naba::CorpusReader reader({kSample});
    for (naba::Article a; reader.next(a);) index.add(a);
  }
  naba::Searcher s(db.path.string());
  constexpr std::size_t kShown = 120;  // three windows of ranked candidates
  for (const std::string query : {"الرئيس", "قال الرئيس", "الحكومة سوريا", "العام"})
    for (const bool all_duplicates : {true, false}) {
      CAPTURE(query);
      CAPTURE(all_duplicates);
      naba::SearchOptions o;
      o.all_duplicates = all_duplicates;
      const std::vector<std::string> whole = page(s, query, o, 0, kShown);
      REQUIRE(whole.size() == kShown);
      CHECK(std::set<std::string>(whole.begin(), whole.end()).size() == kShown);
      for (const std::size_t size : {1, 7, 10, 25, 40, 60}) {
        CAPTURE(size);
        std::vector<std::string> paged;
        for (std::size_t offset = 0; offset < kShown; offset += size)
          for (const auto& id : page(s, query, o, offset, size))
            if (paged.size() < kShown) paged.push_back(id);
        CHECK(paged == whole);
      }
    }
}
