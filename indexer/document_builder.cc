#include "indexer/document_builder.h"

#include <algorithm>
#include <functional>
#include <string_view>

#include "common/schema.h"
#include "common/stored_passage.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/passages.h"

namespace naba::indexer {
namespace {

// The title counts for every passage (its words, without positions); title:
// queries and title phrases use the S-prefixed copy on the first passage.
void add_title(Xapian::Document& doc, const std::vector<Token>& title, bool first_passage) {
  for (const auto& t : title) {
    if (!t.entity.empty()) {  // a name of several words: its term at its first word
      doc.add_term(t.entity);
      if (first_passage) doc.add_posting(std::string(schema::kTitle) + t.entity, t.position + 1);
    }
    if (t.term.empty()) continue;
    doc.add_term(t.term);
    if (first_passage) doc.add_posting(std::string(schema::kTitle) + t.term, t.position + 1);
  }
}

// Without positions, the passage's words in order (schema::WordOrder), as
// ranks in its vocabulary: its word terms, from the body and the title.
std::string word_order(const std::vector<Token>& body, const std::vector<Token>& title) {
  std::vector<std::string_view> vocabulary;
  for (const auto* tokens : {&body, &title})
    for (const auto& t : *tokens)
      for (const std::string* term : {&t.term, &t.entity})
        if (!term->empty()) vocabulary.push_back(*term);
  std::sort(vocabulary.begin(), vocabulary.end());
  vocabulary.erase(std::unique(vocabulary.begin(), vocabulary.end()), vocabulary.end());
  if (vocabulary.size() >= schema::WordOrder::kNoRank ||
      !std::all_of(vocabulary.begin(), vocabulary.end(), schema::is_word_term))
    return {};  // phrases are then checked by analysing the passage
  auto rank = [&](const std::string& term) {
    return static_cast<std::uint16_t>(std::lower_bound(vocabulary.begin(), vocabulary.end(), term) -
                                      vocabulary.begin());
  };
  schema::WordOrder order;
  order.ranks.assign(body.empty() ? 0 : body.back().position + 1, schema::WordOrder::kNoRank);
  if (order.ranks.size() > schema::WordOrder::kNoRank) return {};
  for (const auto& t : body) {
    if (!t.term.empty()) order.ranks[t.position] = rank(t.term);
    if (!t.entity.empty())
      order.names.emplace_back(static_cast<std::uint16_t>(t.position), rank(t.entity));
  }
  return schema::encode_word_order(order);
}

}  // namespace

Prepared prepare(const Article& a, Analyzer& analyzer, bool positions) {
  if (a.id.empty() || a.id.size() > kMaxIdBytes)
    throw Error(Error::Code::bad_argument,
                "article id must be 1 to " + std::to_string(kMaxIdBytes) + " bytes");
  Prepared out;
  out.id = a.id;
  out.bytes = a.title.size() + a.body.size();
  std::vector<Token> title = analyzer.analyze(a.title);
  std::vector<Token> tokens;
  std::vector<std::uint64_t> term_hashes;

  auto spans = split_passages(a.body);
  if (spans.empty()) spans.push_back({0, 0, 0});  // a title-only article is still findable
  std::string date = schema::date_value(a.date);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    std::string_view text =
        std::string_view(a.body).substr(spans[i].start, spans[i].end - spans[i].start);
    Xapian::Document doc;
    analyzer.analyze(text, tokens);
    for (const auto& t : tokens) {
      if (t.term.empty() && t.entity.empty()) continue;
      if (positions) {
        if (!t.entity.empty()) doc.add_posting(t.entity, t.position + 1);  // beside the word
        if (!t.term.empty()) doc.add_posting(t.term, t.position + 1);
      } else {
        if (!t.entity.empty()) doc.add_term(t.entity);
        if (!t.term.empty()) doc.add_term(t.term);
      }
      if (t.term.empty()) continue;
      term_hashes.push_back(std::hash<std::string>{}(t.term));
    }
    add_title(doc, title, i == 0);
    doc.add_boolean_term(std::string(schema::kId) + a.id);
    if (!a.source.empty()) doc.add_boolean_term(schema::source_term(a.source));
    if (!date.empty()) doc.add_value(schema::kDate, date);
    doc.add_value(schema::kArticleId, a.id);
    doc.add_value(schema::kPassage, std::to_string(i));
    schema::StoredPassage stored{a.id,  a.title,           a.date, a.source,
                                 a.url, std::string(text), i,      spans[i].paragraph};
    if (!positions && !tokens.empty()) stored.word_order = word_order(tokens, title);
    out.value_bytes += schema::store(stored, doc) + 64;  // and the small values
    out.passages.push_back(std::move(doc));
  }
  if (term_hashes.empty())
    for (const auto& t : title)
      if (!t.term.empty()) term_hashes.push_back(std::hash<std::string>{}(t.term));
  out.signature = minhash::signature_of(term_hashes);
  return out;
}

}  // namespace naba::indexer
