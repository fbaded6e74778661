// Alerts over a batch of new articles (alerts/, searcher/ingest_range): a run
// finds exactly what a naba search restricted to the batch finds, and skips
// the alerts whose terms the batch lacks without searching them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "naba/alerts.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "tests/test_helpers.h"

namespace {

void index_articles(const std::string& path, const std::vector<naba::Article>& articles) {
  naba::Index index(path);
  for (const auto& a : articles) index.add(a);
  index.commit();
}

std::vector<std::string> ids_of(const std::vector<naba::SearchResult>& results) {
  std::vector<std::string> ids;
  for (const auto& r : results) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

naba::Alert alert(const std::string& name, const std::string& query,
                  const std::string& source = "") {
  naba::Alert a;
  a.name = name, a.query = query, a.source = source;
  return a;
}

const std::vector<naba::Article> kOld = {
    {.id = "old-quake", .title = "زلزال", .body = "زلزال قوي يضرب المدينة.", .source = "SANA"},
    {.id = "old-volcano", .title = "بركان", .body = "ثوران بركان في الجزيرة.", .source = "SANA"},
};
const std::vector<naba::Article> kNew = {
    {.id = "new-quake", .title = "زلزال جديد", .body = "زلزال ثان في المدينة.", .source = "BBC"},
    {.id = "new-flood", .title = "فيضان", .body = "فيضان وزلزال في القرية.", .source = "BBC"},
    {.id = "new-storm", .title = "عاصفة", .body = "عاصفة في البحر.", .source = "BBC"},
};

// An index of the old articles (ingest numbers 1, 2), then the new (3 to 5).
struct TwoBatches {
  naba::test::TempDir dir{"batches"};
  const std::string path = dir / "index";
  TwoBatches() {
    index_articles(path, kOld);
    index_articles(path, kNew);
  }
};

// What an alert run searches: every article of the batch (after, through].
naba::SearchOptions every_article_of(std::uint64_t after, std::uint64_t through = 0) {
  naba::SearchOptions o;
  o.limit = 10;
  o.all_duplicates = true;
  o.ingested_after = after, o.ingested_through = through;
  return o;
}

}  // namespace

TEST_CASE_FIXTURE(
    TwoBatches,
    "a search restricted to a batch sees only its articles, with their ingest numbers") {
  naba::Searcher searcher(path);
  REQUIRE(searcher.last_ingest() == 5);
  CHECK_FALSE(searcher.index_uuid().empty());

  naba::SearchOptions batch = every_article_of(2);  // the new articles
  auto found = searcher.search("زلزال", batch);
  CHECK(ids_of(found.results) == std::vector<std::string>{"new-flood", "new-quake"});
  for (const auto& r : found.results) CHECK((r.ingest == 3 || r.ingest == 4));

  batch.ingested_after = 0, batch.ingested_through = 2;  // the old ones
  CHECK(ids_of(searcher.search("زلزال", batch).results) == std::vector<std::string>{"old-quake"});
  batch.ingested_after = 3, batch.ingested_through = 4;  // new-flood alone
  CHECK(ids_of(searcher.search("زلزال", batch).results) == std::vector<std::string>{"new-flood"});

  // A parsed query finds what its text finds.
  naba::Query quake = searcher.parse("زلزال");
  CHECK(quake.text() == "زلزال");
  CHECK(ids_of(searcher.search(quake, batch).results) == std::vector<std::string>{"new-flood"});
  CHECK_THROWS_AS(searcher.parse("(زلزال"), naba::Error);
}

TEST_CASE_FIXTURE(TwoBatches,
                  "may_match is false only when a term the query needs is absent from the batch") {
  naba::Searcher searcher(path);
  naba::SearchOptions news;
  news.ingested_after = 2;
  CHECK(searcher.may_match(searcher.parse("زلزال"), news));
  CHECK_FALSE(searcher.may_match(searcher.parse("بركان"), news));  // only in an old article
  CHECK(searcher.may_match(searcher.parse("بركان OR عاصفة"), news));
  CHECK_FALSE(searcher.may_match(searcher.parse("بركان AND زلزال"), news));
  CHECK(searcher.may_match(searcher.parse("زلزال -بركان"), news));
  news.source = "SANA";  // no new article from SANA
  CHECK_FALSE(searcher.may_match(searcher.parse("زلزال"), news));
  naba::SearchOptions old;
  old.ingested_through = 2;
  CHECK(searcher.may_match(searcher.parse("بركان"), old));
  CHECK_FALSE(searcher.may_match(searcher.parse("عاصفة"), old));
}

TEST_CASE("an alert run delivers exactly what a search restricted to the batch finds") {
  naba::test::TempDir dir("alert-run");
  const std::string path = dir / "index";
  index_articles(path, kOld);
  naba::Alerts alerts(path);
  alerts.add(alert("quake", "زلزال"));
  alerts.add(alert("volcano", "بركان"));             // nothing new matches: skipped
  alerts.add(alert("sana-quake", "زلزال", "SANA"));  // skipped too
  index_articles(path, kNew);

  std::vector<std::string> delivered;
  naba::AlertRunStats stats = alerts.run({}, [&](const naba::AlertDelivery& d) {
    CHECK(d.alert->name == "quake");
    delivered = ids_of(d.matches);
  });
  CHECK(stats.alerts == 3);
  CHECK(stats.candidates == 1);
  CHECK(stats.articles == 3);

  CHECK(delivered == ids_of(naba::Searcher(path).search("زلزال", every_article_of(2, 5)).results));
  CHECK(delivered == std::vector<std::string>{"new-flood", "new-quake"});

  // Recorded: the next run has nothing new.
  CHECK(alerts.run({}, [](const naba::AlertDelivery&) { FAIL("delivered twice"); }).matches == 0);
}
