// Prints the name variants that the rules of analyzers/variants.h made, one
// "spelling<TAB>name term<TAB>rule<TAB>kept or why dropped" a line, sorted.
// Its output is analyzers/data/variants.tsv (see GAZETTEER.md).
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "analyzers/dictionaries.h"

int main() {
  std::vector<std::string> rows = naba::detail::Dictionaries::builtin().variants;
  std::sort(rows.begin(), rows.end());
  std::cout << "# Name variants made by rule: spelling, name term, rule, kept or why dropped.\n"
               "# Made by build/analyzers/naba_list_variants; do not edit by hand.\n";
  for (const auto& row : rows) std::cout << row << '\n';
}
