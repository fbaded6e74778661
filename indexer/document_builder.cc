#include "indexer/document_builder.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "common/schema.h"
#include "common/stored_article.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/passages.h"

namespace naba::indexer {
namespace {

// Title words count more than body words in the article's weight, which
// picks the candidates that passages are ranked among: a headline says what
// the article is about.
constexpr Xapian::termcount kTitleWdf = 2;

// With positions, each passage's words start this far after the last one's,
// so that no phrase spans two passages.
constexpr Xapian::termpos kPassageGap = 100;

// The article's vocabulary: its distinct word terms, sorted, each found by
// hashing (a binary search in it, and Xapian's map for every occurrence, were
// a sixth of the reading thread's time), and how often the body has each.
class Vocabulary {
 public:
  Vocabulary(const std::vector<std::vector<Token>>& passages, const std::vector<Token>& title) {
    auto add = [&](const std::vector<Token>& tokens, bool body) {
      for (const auto& t : tokens)
        for (const std::string* term : {&t.term, &t.entity}) {
          if (term->empty()) continue;
          auto [it, added] = rank_.emplace(*term, terms_.size());
          if (added) terms_.push_back(*term), body_counts_.push_back(0);
          body_counts_[it->second] += body;
        }
    };
    for (const auto& p : passages) add(p, true);
    add(title, false);
    // Ranks were first sightings until now: the counts follow the terms to
    // their sorted places.
    std::sort(terms_.begin(), terms_.end());
    std::vector<Xapian::termcount> by_rank(terms_.size());
    for (std::uint32_t i = 0; i < terms_.size(); ++i) {
      std::uint32_t& rank = rank_[terms_[i]];
      by_rank[i] = body_counts_[rank];
      rank = i;
    }
    body_counts_ = std::move(by_rank);
  }
  const std::vector<std::string_view>& terms() const { return terms_; }
  std::uint32_t rank(std::string_view term) const { return rank_.at(term); }
  /** How often the body (passages, names beside their words) has terms()[rank]. */
  Xapian::termcount body_count(std::uint32_t rank) const { return body_counts_[rank]; }

 private:
  std::vector<std::string_view> terms_;
  std::unordered_map<std::string_view, std::uint32_t> rank_;
  std::vector<Xapian::termcount> body_counts_;
};

// @p tokens in order, as ranks in @p vocabulary.
schema::WordOrder word_order(const std::vector<Token>& tokens, const Vocabulary& vocabulary) {
  auto rank = [&](const std::string& term) {
    return static_cast<std::uint16_t>(vocabulary.rank(term));
  };
  schema::WordOrder order;
  order.ranks.assign(tokens.empty() ? 0 : tokens.back().position + 1, schema::WordOrder::kNoRank);
  for (const auto& t : tokens) {
    if (!t.term.empty()) order.ranks[t.position] = rank(t.term);
    if (!t.entity.empty())
      order.names.emplace_back(static_cast<std::uint16_t>(t.position), rank(t.entity));
  }
  return order;
}

// Where @p tokens' words and names are in their passage (WordOrder's order).
schema::WordSpans spans_of(const std::vector<Token>& tokens) {
  schema::WordSpans spans;
  spans.words.resize(tokens.empty() ? 0 : tokens.back().position + 1);
  for (const auto& t : tokens) {
    spans.words[t.position] = {static_cast<std::uint32_t>(t.start),
                               static_cast<std::uint32_t>(t.end)};
    if (!t.entity.empty()) spans.name_ends.push_back(static_cast<std::uint32_t>(t.entity_end));
  }
  return spans;
}

void add_title(Xapian::Document& doc, const std::vector<Token>& title, bool positions) {
  for (const auto& t : title)
    for (const std::string* term : {&t.entity, &t.term}) {  // a name's term at its first word
      if (term->empty()) continue;
      doc.add_term(*term, kTitleWdf);
      if (positions)
        doc.add_posting(std::string(schema::kTitle) + *term, t.position + 1);
      else
        doc.add_term(std::string(schema::kTitle) + *term);
    }
}

}  // namespace

Prepared prepare(const Article& a, Analyzer& analyzer, Positions positions) {
  if (a.id.empty() || a.id.size() > kMaxIdBytes)
    throw Error(Error::Code::bad_argument,
                "article id must be 1 to " + std::to_string(kMaxIdBytes) + " bytes");
  Prepared out;
  out.id = a.id;
  out.bytes = a.title.size() + a.body.size();
  std::vector<Token> title = analyzer.analyze(a.title);

  auto spans = split_passages(a.body);
  if (spans.empty()) spans.push_back({0, 0, 0});  // a title-only article is still findable
  std::vector<std::vector<Token>> passages(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i)
    analyzer.analyze(std::string_view(a.body).substr(spans[i].start, spans[i].end - spans[i].start),
                     passages[i]);
  const Vocabulary vocabulary(passages, title);
  // Ranks and positions are 16 bits: an article of more distinct words, or a
  // passage of more words, is stored without its words (its shape keeps the
  // passages' spans): phrases are then checked in its text analysed again, and
  // its passages rank by its title and the lead boost only.
  const bool words_fit = vocabulary.terms().size() < schema::WordOrder::kNoRank &&
                         std::all_of(passages.begin(), passages.end(), [](auto& p) {
                           return p.empty() || p.back().position < 0xffff;
                         });

  Xapian::Document& doc = out.doc;
  std::vector<std::uint64_t> term_hashes;
  schema::ArticleShape shape;
  shape.id = a.id;
  if (words_fit) {
    for (auto term : vocabulary.terms()) shape.vocabulary.push_back(schema::term_hash(term));
    shape.title = word_order(title, vocabulary);
  }
  std::vector<schema::WordSpans> spans_by_passage;
  Xapian::termpos offset = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& tokens = passages[i];
    if (positions.body)
      for (const auto& t : tokens)
        for (const std::string* term : {&t.entity, &t.term})  // a name beside its first word
          if (!term->empty()) doc.add_posting(*term, offset + t.position + 1);
    for (const auto& t : tokens)
      if (!t.term.empty()) term_hashes.push_back(std::hash<std::string>{}(t.term));
    if (!tokens.empty()) offset += tokens.back().position + 1 + kPassageGap;
    schema::PassageShape p{static_cast<std::uint32_t>(spans[i].start),
                           static_cast<std::uint32_t>(spans[i].end),
                           static_cast<std::uint32_t>(spans[i].paragraph),
                           words_fit ? word_order(tokens, vocabulary) : schema::WordOrder{}};
    out.passage_words += p.words.terms() + shape.title.terms();
    if (words_fit) spans_by_passage.push_back(spans_of(tokens));
    shape.passages.push_back(std::move(p));
  }
  if (!positions.body)  // each term once, with its count: fewer lookups in Xapian's map
    for (std::uint32_t i = 0; i < vocabulary.terms().size(); ++i)
      if (Xapian::termcount n = vocabulary.body_count(i))
        doc.add_term(std::string(vocabulary.terms()[i]), n);
  add_title(doc, title, positions.title);
  out.passages = shape.passages.size();
  out.shape = schema::encode_shape(shape);

  doc.add_boolean_term(std::string(schema::kId) + a.id);
  if (!a.source.empty()) {
    doc.add_boolean_term(schema::source_term(a.source));
    doc.add_value(schema::kSourceName, a.source);
  }
  if (!a.category.empty()) {
    doc.add_boolean_term(schema::category_term(a.category));
    doc.add_value(schema::kCategoryName, a.category);
  }
  if (std::string date = schema::date_value(a.date); !date.empty())
    doc.add_value(schema::kDate, date);
  doc.add_value(schema::kArticleId, a.id);
  doc.add_value(schema::kPassages,
                std::to_string(out.passages) + ":" + std::to_string(out.passage_words));
  out.text = {{a.id, a.title, a.date, a.source, a.url},
              a.body,
              std::move(shape),
              std::move(spans_by_passage)};

  if (term_hashes.empty())
    for (const auto& t : title)
      if (!t.term.empty()) term_hashes.push_back(std::hash<std::string>{}(t.term));
  out.signature = minhash::signature_of(term_hashes);
  return out;
}

void store_text(Prepared& p) {
  if (p.value_bytes != 0) return;  // stored already
  const TextToStore& t = p.text;   // kept: the reading thread frees it with the rest
  p.value_bytes = schema::store(t.fields, t.body, t.shape, t.spans, p.doc) + 64;
}

}  // namespace naba::indexer
