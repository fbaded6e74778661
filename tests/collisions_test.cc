// The collision list (tests/data/collisions.tsv, made from the corpus by
// analyzers/tools/make_collisions.py): unrelated words that must never share a
// term, and forms of one word that must share one.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "naba/analyzer.h"

namespace {

std::vector<std::vector<std::string>> rows_of(const std::string& kind) {
  std::ifstream in(std::string(NABA_SOURCE_DIR) + "/tests/data/collisions.tsv");
  REQUIRE(in);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    for (std::size_t start = 0;;) {
      auto tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields[0] == kind) rows.emplace_back(fields.begin() + 1, fields.end());
  }
  return rows;
}

std::string term_of(const naba::Analyzer& a, const std::string& word) {
  auto tokens = a.analyze(word);
  REQUIRE_MESSAGE(tokens.size() == 1, word);
  return tokens[0].term;
}

}  // namespace

TEST_CASE("collision list: unrelated words never share a term") {
  naba::Analyzer a;
  auto pairs = rows_of("apart");
  CHECK(pairs.size() >= 200);
  for (const auto& pair : pairs) {
    REQUIRE(pair.size() == 2);
    auto first = term_of(a, pair[0]), second = term_of(a, pair[1]);
    CHECK_MESSAGE((first.empty() || first != second), (pair[0] + " / " + pair[1] + " → " + first));
  }
}

TEST_CASE("collision list: the forms of one word share a term") {
  naba::Analyzer a;
  auto groups = rows_of("together");
  CHECK(groups.size() >= 200);
  for (const auto& group : groups) {
    std::set<std::string> terms;
    for (const auto& word : group) terms.insert(term_of(a, word));
    CHECK_MESSAGE(terms.size() == 1, (group.front() + " gives " + std::to_string(terms.size())));
  }
}
