// Spellings of a known name that the gazetteer does not list, made by rule
// (docs/analyzer.md, "Name variants"): news writes صنعا for صنعاء and Katar
// for Qatar, and every spelling a rule can predict should find the name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace naba::detail {

/** A spelling made by a rule, and the rule's name (for the list of dropped variants). */
struct Variant {
  std::string spelling;
  std::string_view rule;
};

/** Variants of a normalised one-word Arabic spelling: final hamza dropped or
 *  added, hamza seats written without hamza, doubled letters single, the
 *  article dropped, a word joined with ال split (ديرالزور). */
std::vector<Variant> arabic_variants(std::string_view spelling);

/** Variants of a normalised Latin spelling (lower case, no article): ou/u,
 *  q/k/g, -ah/-a, ee/i, dj/j, doubled letters single. */
std::vector<Variant> latin_variants(std::string_view spelling);

}  // namespace naba::detail
