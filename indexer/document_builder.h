// An article's way into documents: article → analyzer tokens → passages →
// one Xapian document per passage, with its terms, values and stored passage
// (the story and ingest number are added when it is written).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "indexer/minhash.h"
#include "naba/analyzer.h"
#include "naba/corpus.h"

namespace naba::indexer {

/** An article ready to write. */
struct Prepared {
  std::string id;
  std::vector<Xapian::Document> passages;
  std::optional<minhash::Signature> signature;  // of its body's words (its title's if none)
  std::size_t bytes = 0;
  std::size_t value_bytes = 0;  // the passages' values, about
};

/** Analyses @p a into its passages' documents. @p positions: index the body
 *  words with their positions (see Index::Options::positions), else their
 *  order (the stored word order); the title's S terms always have positions.
 *  Throws Error(bad_argument) for an empty or overlong id. */
Prepared prepare(const Article& a, Analyzer& analyzer, bool positions);

}  // namespace naba::indexer
