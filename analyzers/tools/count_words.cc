// Counts normalised words read from standard input (one text per line) and
// prints "word<TAB>count" for words seen at least --min times, most frequent
// first. Used by make_lexicon.sh to build data/lexicon.tsv.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "naba/analyzer.h"

int main(int argc, char** argv) {
  unsigned min_count = 3;
  if (argc == 3 && std::strcmp(argv[1], "--min") == 0) min_count = std::atoi(argv[2]);
  naba::Analyzer analyzer;
  std::vector<naba::Token> tokens;
  std::unordered_map<std::string, unsigned> counts;
  for (std::string line; std::getline(std::cin, line);) {
    analyzer.analyze(line, tokens);
    for (const auto& t : tokens)
      if (!t.stopword && t.normalized.size() <= naba::Analyzer::max_term_bytes)
        ++counts[t.normalized];
  }
  std::vector<std::pair<std::string, unsigned>> rows;
  for (auto& [word, n] : counts)
    if (n >= min_count) rows.emplace_back(word, n);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (const auto& [word, n] : rows) std::cout << word << '\t' << n << '\n';
}
