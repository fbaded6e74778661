// Highlights are drawn from each passage's stored word order and spans
// (searcher/highlight.h), not by analysing the text shown: they must be the
// marks the analysis would give, for words, names, Latin spellings and phrases.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../test_helpers.h"
#include "naba/analyzer.h"
#include "naba/corpus.h"
#include "naba/index.h"
#include "naba/search.h"
#include "searcher/highlight.h"
#include "searcher/query_parser.h"

TEST_CASE("highlights from the stored spans are the analysis's, passage by passage") {
  naba::test::TempDir db("spans");
  {
    naba::Index index(db.path.string());
    naba::CorpusReader reader({std::string(NABA_SOURCE_DIR) + "/corpus"});
    for (naba::Article a; reader.next(a);) index.add(a);
  }
  naba::Analyzer analyzer;
  naba::Searcher searcher(db.path.string());
  naba::SearchOptions o;
  o.limit = 20, o.passages = 3, o.all_duplicates = true;
  std::size_t compared = 0, marked = 0;
  for (std::string q : {"الرقة", "بالرقة", "Raqqa", "سوريا دمشق", "\"قوات سوريا الديمقراطية\"",
                        "قسد", "أستانا", "\"وزير الخارجية\"", "title:ترامب", "التحالف -روسيا"}) {
    CAPTURE(q);
    const auto parsed = naba::detail::parse_query(q, analyzer);
    for (const auto& r : searcher.search(q, o).results)
      for (const auto& p : r.passages) {
        auto want = naba::detail::highlight(analyzer.analyze(p.text), parsed);
        REQUIRE(p.highlights.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
          CHECK(p.highlights[i].start == want[i].start);
          CHECK(p.highlights[i].end == want[i].end);
        }
        ++compared;
        marked += want.size();
      }
  }
  CHECK(compared >= 50);
  CHECK(marked >= 50);
}
