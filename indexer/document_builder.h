// An article's way into the index: article → analyzer tokens → passages →
// one Xapian document, with its terms, values, shape (its passages' words) and
// stored text (the story and ingest number are added when it is written).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/stored_article.h"
#include "indexer/minhash.h"
#include "naba/analyzer.h"
#include "naba/corpus.h"

namespace naba::indexer {

/** What an article stores of its text (schema::store), before it is deflated. */
struct TextToStore {
  schema::StoredFields fields;
  std::string body;
  schema::ArticleShape shape;            // its passages' byte ranges
  std::vector<schema::WordSpans> spans;  // by passage, or none
};

/** An article ready to write. */
struct Prepared {
  std::string id;
  Xapian::Document doc;  // without its stored text until store_text()
  std::string shape;     // the value kShapeSlot, without story and ingest (schema::encode_shape)
  TextToStore text;
  std::size_t passages = 0;
  std::uint64_t passage_words = 0;              // what schema::kPassages says
  std::optional<minhash::Signature> signature;  // of its body's words (its title's if none)
  std::size_t bytes = 0;
  std::size_t value_bytes = 0;  // the document's values, about (once stored; 0 before)
};

/** Which words are indexed with their positions (Index::Options::positions):
 *  the shape always has their order. */
struct Positions {
  bool body = false, title = false;
};

/** Analyses @p a into its document. Throws Error(bad_argument) for an empty
 *  or overlong id. */
Prepared prepare(const Article& a, Analyzer& analyzer, Positions positions);

/** Adds @p p's stored text to its document, deflated (schema::store), once:
 *  a second call does nothing. Apart from prepare() so that whichever of
 *  indexing's two threads is idler does it (Index::add_all): deflating is a
 *  seventh of either thread's time. */
void store_text(Prepared& p);

}  // namespace naba::indexer
