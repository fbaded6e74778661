// The analyzer's version: it changes with the terms the analyzer gives, an
// index records the one it was made with, and searching an index made with
// another one warns.
#include <doctest/doctest.h>
#include <xapian.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "naba/analyzer.h"
#include "naba/index.h"
#include "naba/search.h"
#include "test_helpers.h"

namespace {

const std::string kSource = NABA_SOURCE_DIR;

// FNV-1a over the terms of every word of the lexicon, one per line.
std::string fingerprint_of_lexicon() {
  std::ifstream in(kSource + "/analyzers/data/lexicon.tsv");
  REQUIRE(in);
  naba::Analyzer a;
  std::uint64_t hash = 14695981039346656037ULL;
  auto add = [&](const std::string& s) {
    for (unsigned char c : s) hash = (hash ^ c) * 1099511628211ULL;
  };
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    for (const auto& token : a.analyze(line.substr(0, line.find('\t')))) add(token.term + "\n");
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

void set_recorded_version(const std::string& path, const std::string& version) {
  Xapian::WritableDatabase db(path);
  db.set_metadata("naba:analyzer", version);
  db.commit();
}

}  // namespace

TEST_CASE("the analyzer's version is raised whenever its terms change") {
  std::ifstream in(kSource + "/tests/data/analyzer_version.tsv");
  REQUIRE(in);
  std::string line;
  while (std::getline(in, line) && (line.empty() || line[0] == '#')) {
  }
  const std::string recorded_version = line.substr(0, line.find('\t'));
  const std::string recorded_fingerprint = line.substr(line.find('\t') + 1);
  const std::string fingerprint = fingerprint_of_lexicon();
  INFO(
      "the terms of the lexicon's words changed: raise Analyzer::version() in "
      "analyzers/analyzer.cc and write the new version and "
      << fingerprint << " to tests/data/analyzer_version.tsv");
  CHECK(recorded_version == naba::Analyzer::version());
  CHECK(recorded_fingerprint == fingerprint);
}

TEST_CASE("an index made with another analyzer version is named in stats and every search") {
  naba::test::TempDir dir("analysis");
  const std::string path = dir / "index";
  {
    naba::Index index(path);
    index.add({.id = "a", .title = "الرقة", .body = "خبر عن الرقة وريفها."});
  }
  CHECK(naba::index_stats(path).analyzer == naba::Analyzer::version());
  {
    naba::Searcher searcher(path);
    CHECK(searcher.analysis_warning().empty());
    CHECK(searcher.search("الرقة").warnings.empty());
  }

  set_recorded_version(path, "0");
  CHECK(naba::index_stats(path).analyzer == "0");
  naba::Searcher searcher(path);
  const std::string warning = searcher.analysis_warning();
  CHECK(warning.find("analyzer version 0") != std::string::npos);
  CHECK(warning.find(naba::Analyzer::version()) != std::string::npos);
  naba::SearchResults r = searcher.search("url:x الرقة");  // a query warning of its own too
  REQUIRE(r.warnings.size() == 2);
  CHECK(r.warnings.front() == warning);
  CHECK(r.results.size() == 1);

  {  // Articles added by this version leave the index marked as made with the older one.
    naba::Index index(path);
    index.add({.id = "b", .title = "درعا", .body = "خبر عن درعا."});
  }
  CHECK(naba::index_stats(path).analyzer == "0");
  CHECK(searcher.search("درعا").warnings == std::vector<std::string>{warning});

  set_recorded_version(path, "");  // made before naba recorded a version
  CHECK(searcher.analysis_warning().find("before naba recorded") != std::string::npos);
  set_recorded_version(path, naba::Analyzer::version());
  CHECK(searcher.analysis_warning().empty());
}
