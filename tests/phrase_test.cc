// Phrases in an index without word positions: checked against passage text
// (searcher/phrase_source.h), they must match what word positions match.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "naba/corpus.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "test_helpers.h"

#include <xapian.h>

namespace fs = std::filesystem;

namespace {

using naba::test::TempDir;

const std::string kSample = std::string(NABA_SOURCE_DIR) + "/corpus/sample.jsonl";

// The sample corpus without titles: Xapian's phrases over positions also
// match where a word of the phrase is only in the title (it counts for every
// passage, without positions), which the passage text rightly does not.
void index_sample(const fs::path& db, bool positions, bool titles = false) {
  naba::Index::Options options;
  options.positions = positions;
  naba::Index index(db.string(), options);
  naba::CorpusReader reader({kSample});
  for (naba::Article a; reader.next(a);) {
    if (!titles) a.title.clear();
    index.add(a);
  }
}

// @p text's words, without those holding a quote.
std::vector<std::string> words_of(const std::string& text) {
  std::istringstream words(text);
  std::vector<std::string> w;
  for (auto it = std::istream_iterator<std::string>(words); it != decltype(it)(); ++it)
    if (it->find('"') == std::string::npos) w.push_back(*it);
  return w;
}

// Quoted runs of @p w: 2 words from @p two, 3 from @p three, and each reversed;
// each after @p field.
void add_runs(std::vector<std::string>& out, const std::vector<std::string>& w, std::size_t two,
              std::size_t three, const std::string& field) {
  auto quoted = [&](std::initializer_list<std::size_t> at) {
    std::string q;
    for (std::size_t i : at) q += (q.empty() ? "" : " ") + w[i];
    out.push_back(field + '"' + q + '"');
  };
  quoted({two, two + 1});
  quoted({two + 1, two});
  quoted({three, three + 1, three + 2});
  quoted({three + 2, three + 1, three});
}

// title:"..." runs of 2 and 3 words of the sample's titles, and each reversed.
std::vector<std::string> title_phrases_from_sample() {
  std::vector<std::string> out;
  naba::CorpusReader reader({kSample});
  naba::Article a;
  for (std::size_t n = 0; reader.next(a); ++n)
    if (auto w = words_of(a.title); n % 5 == 0 && w.size() >= 4) add_runs(out, w, 0, 1, "title:");
  return out;
}

// Quoted runs of 2 and 3 words of the sample's text, as people paste them
// (clitics, stop words and punctuation included), and each run reversed.
std::vector<std::string> phrases_from_sample() {
  std::vector<std::string> out;
  naba::CorpusReader reader({kSample});
  naba::Article a;
  for (std::size_t n = 0; reader.next(a); ++n)
    if (auto w = words_of(a.body.substr(0, a.body.find('\n'))); n % 9 == 0 && w.size() >= 12)
      add_runs(out, w, 3, 8, "");
  return out;
}

// Ids of the articles where phrase @p q matches, in id order.
std::vector<std::string> matching(const fs::path& db, const std::string& q) {
  naba::SearchOptions o;
  o.all_duplicates = true;
  std::vector<std::string> ids;
  for (const auto& r : naba::Searcher(db.string()).search(q, o).results) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// What a search shows, as lines: each passage (all duplicates, 3 an article) as
// article#passage, its text if asked, its highlights' starts; then the total if asked.
struct Lines {
  std::size_t limit;
  bool text, total;
};
std::vector<std::string> passage_lines(naba::Searcher& s, const std::string& q, Lines what) {
  naba::SearchOptions o;
  o.all_duplicates = true;
  o.limit = what.limit;
  o.passages = 3;
  std::vector<std::string> out;
  naba::SearchResults r = s.search(q, o);
  for (const auto& res : r.results)
    for (const auto& p : res.passages) {
      std::string line = res.id + "#" + std::to_string(p.index);
      if (what.text) line.append(" ").append(p.text);
      for (auto h : p.highlights) line.append(" ").append(std::to_string(h.start));
      out.push_back(line);
    }
  if (what.total) out.push_back("total " + std::to_string(r.total));
  return out;
}

}  // namespace

TEST_CASE("a phrase matches words that follow each other, stop words keeping their places") {
  for (bool positions : {false, true}) {
    CAPTURE(positions);
    TempDir db(positions ? "small-with" : "small-without");
    {
      naba::Index::Options options;
      options.positions = positions;
      naba::Index index(db.path.string(), options);
      auto add = [&](std::string id, std::string body) {
        naba::Article a;
        a.id = std::move(id), a.title = "خبر", a.body = std::move(body);
        index.add(a);
      };
      add("p1", "قال الرئيس إن الحكومة في دمشق تدرس الاقتراح");
      add("p2", "دمشق دمشق");
      add("p3", "الرئيس في حلب ثم الرئيس دمشق");
      // Too many words for a word order (65,535 at most): checked by analysing
      // its text again.
      std::string huge;
      for (int i = 0; i < 70000; ++i) huge.append("w").append(std::to_string(i)).append(" ");
      add("p4", huge + "قال الرئيس إن الحكومة");
    }
    using Ids = std::vector<std::string>;
    CHECK(matching(db.path, "\"قال الرئيس\"") == Ids{"p1", "p4"});
    CHECK(matching(db.path, "\"w69998 w69999 قال\"") == Ids{"p4"});
    CHECK(matching(db.path, "\"w69999 w69998\"").empty());
    CHECK(matching(db.path, "\"الرئيس قال\"").empty());  // order matters
    // The stop word في holds a position but no term.
    CHECK(matching(db.path, "\"الحكومة في دمشق\"") == Ids{"p1"});
    CHECK(matching(db.path, "\"الحكومة دمشق\"").empty());    // not side by side
    CHECK(matching(db.path, "\"دمشق دمشق\"") == Ids{"p2"});  // a repeated word, twice
    // A later start completes a phrase that an earlier one cannot.
    CHECK(matching(db.path, "\"الرئيس دمشق\"") == Ids{"p3"});
    CHECK(matching(db.path, "\"الرئيس الحكومة\"").empty());
    // A phrase is read in the passage text, not in the title (whose words
    // count for every passage, but have no positions there).
    if (!positions) CHECK(matching(db.path, "\"خبر الرئيس\"").empty());
  }
}

TEST_CASE("phrases over a stub of shards match what they match in one index, searched again") {
  // Two indexes without positions, listed in a stub file: each shard's phrase
  // checks number its articles its own way, the searcher's kept articles the
  // whole stub's way, and a check must never take one for the other
  // (searcher/analysis_cache.h), in the first search or the next.
  TempDir dir("stub");
  {
    naba::Index one(dir / "one"), even(dir / "even"), odd(dir / "odd");
    naba::CorpusReader reader({kSample});
    std::size_t n = 0;
    for (naba::Article a; reader.next(a); ++n) {
      one.add(a);
      (n % 2 ? odd : even).add(a);
    }
  }
  naba::Searcher single(dir / "one"),
      shards(dir.write("shards.stub", "auto " + dir / "even" + "\nauto " + dir / "odd" + "\n"));
  std::vector<std::string> queries = phrases_from_sample();
  queries.insert(queries.end(), {"\"قوات سوريا الديمقراطية\" الرقة", "سوريا \"مجلس الأمن\""});
  std::size_t found = 0;
  for (int round = 0; round < 2; ++round)
    for (const auto& q : queries) {
      CAPTURE(q);
      const auto expected = passage_lines(single, q, {.limit = 20, .text = true, .total = true});
      CHECK(passage_lines(shards, q, {.limit = 20, .text = true, .total = true}) == expected);
      found += expected.size() > 1;
    }
  CHECK(found >= 40);
}

TEST_CASE("phrases match the same passages from passage text as from word positions") {
  TempDir with("with"), without("without");
  index_sample(with.path, true);
  index_sample(without.path, false);
  CHECK(naba::index_stats(without.path.string()).bytes <
        naba::index_stats(with.path.string()).bytes * 9 / 10);

  naba::Searcher by_positions(with.path.string()), by_text(without.path.string());
  auto run = [](naba::Searcher& s, const std::string& q) {
    return passage_lines(s, q, {.limit = 500, .text = false, .total = true});
  };
  std::size_t matched = 0, unmatched = 0;
  std::vector<std::string> queries = phrases_from_sample();
  REQUIRE(queries.size() >= 40);
  // Phrases with a name, inside OR, excluded, and with a field.
  for (std::string q : {"\"قوات سوريا الديمقراطية\"", "\"الرئيس السوري\" OR \"وزير الخارجية\"",
                        "سوريا -\"الأمم المتحدة\"", "(\"مجلس الأمن\" AND روسيا)",
                        "\"في مدينة\" date:2015-01-01..2030-12-31"})
    queries.push_back(q);
  for (const auto& q : queries) {
    CAPTURE(q);
    std::vector<std::string> expected = run(by_positions, q);
    CHECK(run(by_text, q) == expected);
    (expected.size() > 1 ? matched : unmatched)++;
  }
  // Both kinds were tried: phrases found, and reversed ones mostly not.
  CHECK(matched >= 20);
  CHECK(unmatched >= 10);
}

TEST_CASE("title phrases match the same articles from the title's word order as from positions") {
  TempDir with("with"), without("without");
  index_sample(with.path, true, true);
  index_sample(without.path, false, true);
  CHECK(Xapian::Database(with.path.string()).has_positions());
  CHECK_FALSE(Xapian::Database(without.path.string()).has_positions());  // not even the titles'

  std::size_t matched = 0, unmatched = 0;
  std::vector<std::string> queries = title_phrases_from_sample();
  REQUIRE(queries.size() >= 40);
  // With a name, inside OR, excluded, and beside passage words.
  for (std::string q : {"title:\"قوات سوريا الديمقراطية\"", "title:\"الرئيس السوري\" OR سوريا",
                        "سوريا -title:\"الأمم المتحدة\"", "(title:\"مجلس الأمن\" AND روسيا)"})
    queries.push_back(q);
  for (const auto& q : queries) {
    CAPTURE(q);
    std::vector<std::string> expected;
    try {
      expected = matching(with.path, q);
    } catch (const naba::Error&) {  // only stop words: refused either way
      CHECK_THROWS_AS(matching(without.path, q), naba::Error);
      continue;
    }
    CHECK(matching(without.path, q) == expected);
    (expected.empty() ? unmatched : matched)++;
  }
  CHECK(matched >= 20);
  CHECK(unmatched >= 10);
}

TEST_CASE("an index made before title_positions keeps positions for the titles added to it") {
  TempDir db("older");
  index_sample(db.path, true, true);
  {  // as an index made without body positions before the key: its titles have them
    Xapian::WritableDatabase w(db.path.string());
    w.set_metadata("naba:body_positions", "0");
    w.set_metadata("naba:title_positions", "");
    w.commit();
  }
  {
    naba::Index index(db.path.string());
    naba::Article a;
    a.id = "added", a.title = "اجتماع طارئ لمجلس الأمن في نيويورك", a.body = "نص الخبر كاملا.";
    index.add(a);
    index.commit();
  }
  CHECK(Xapian::Database(db.path.string()).get_metadata("naba:title_positions").empty());
  // Matched by Xapian from positions, which the added title must have.
  CHECK(matching(db.path, "title:\"اجتماع طارئ\"") == std::vector<std::string>{"added"});
  CHECK(matching(db.path, "title:\"طارئ اجتماع\"").empty());
}

TEST_CASE(
    "indexes of format 2 and 3 (shapes in the document data) are read, and marked 4 once "
    "written to") {
  for (const std::string format : {"2", "3"}) {
    TempDir db("format" + format);
    index_sample(db.path, false);
    auto shown = [&] {  // passages with their text and highlights, and the total
      naba::Searcher searcher(db.path.string());
      return passage_lines(searcher, "سوريا", {10, true, true});
    };
    const auto before = shown();
    REQUIRE(before.size() > 1);
    {  // Each shape moved from its value (slot 10, schema::kShapeSlot) to the document data.
      Xapian::WritableDatabase w(db.path.string());
      for (Xapian::docid did = 1; did <= w.get_lastdocid(); ++did) {
        Xapian::Document doc = w.get_document(did);
        REQUIRE(!doc.get_value(10).empty());
        doc.set_data(doc.get_value(10));
        doc.remove_value(10);
        w.replace_document(did, doc);
      }
      w.set_metadata("naba:format", format);
      w.commit();
    }
    CHECK(shown() == before);
    CHECK(Xapian::Database(db.path.string()).get_metadata("naba:format") == format);  // read only
    {
      naba::Index index(db.path.string());
      index.commit();
    }
    CHECK(Xapian::Database(db.path.string()).get_metadata("naba:format") == "4");
  }
}

TEST_CASE("an index written in the older layout (a document per passage) is refused, saying why") {
  TempDir db("older");
  index_sample(db.path, false);
  {
    Xapian::WritableDatabase w(db.path.string());
    w.set_metadata("naba:format", "1");
    w.commit();
  }
  for (bool writing : {false, true}) {
    CAPTURE(writing);
    try {
      if (writing) {
        naba::Index index(db.path.string());
      } else {
        naba::Searcher s(db.path.string());
      }
      FAIL("opened an index of format 1");
    } catch (const naba::Error& e) {
      CHECK(e.code() == naba::Error::Code::corrupt);
      CHECK(std::string(e.what()).find("index format 1") != std::string::npos);
      CHECK(std::string(e.what()).find("naba index --db NEWDIR") != std::string::npos);
    }
  }
  // Refused, not changed: still format 1.
  CHECK(Xapian::Database(db.path.string()).get_metadata("naba:format") == "1");
}
