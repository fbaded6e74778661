#include "searcher/passage_ranker.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/schema.h"

namespace naba::detail {
namespace {

// Passage BM25: k1 and b chosen on the dev sets (docs/ranking.md); the
// article's BM25 takes Xapian's defaults (k1 0.8 to 2 and b 0.5 to 0.9 were
// measured).
constexpr double kPassageK1 = 1.2, kPassageB = 0.6, kMinNormLength = 0.5;
constexpr double kArticleK1 = 1.2, kArticleB = 0.75;

// News puts what matters first: a passage's weight gets a boost that fades
// with its position (1.2x for the lead, 1.1x for the second ...).
constexpr double kLeadBoost = 0.2;
// A headline is usually restated in the lead: a share of the lead passage's
// weight (when it matches) is added to the article's score, and so to each
// of its passages (docs/ranking.md, "Lead evidence").
constexpr double kLeadEvidence = 0.25;

// The article's title (docs/ranking.md, "ARCD misses by kind"): a query word
// in the title counts kTitleWordWeight times its title frequency in every
// passage, plus once if the passage's body has it: its repeats there are not
// counted (the title already says the whole article is about it; the passage
// that also has the query's other words should win). An article whose title
// holds a share of the query's idf is raised by 1 + kTitleShare x that share.
// Neither for a query of names only, which has its own title boost below.
constexpr double kTitleWordWeight = 3;
constexpr double kTitleShare = 0.3;

// Entity-aware ranking (docs/aliases.md): for a query that asks only for
// names, a passage about the name ranks above one that brushes past it: each
// further mention in the passage (up to four) and the name in the article's
// title raise its weight.
constexpr double kTitleBoost = 0.3;
constexpr double kMentionBoost = 0.1;
constexpr std::size_t kMaxMentions = 4;

double metadata(const Xapian::Database& db, const char* key) {
  return std::strtod(db.get_metadata(key).c_str(), nullptr);
}

// How often each rank of @p words occurs, for the ranks in @p wanted (a
// vocabulary-sized map from rank to term entry, -1 for the others).
void count(const schema::WordOrder& words, const std::vector<int>& wanted,
           std::vector<double>& tf) {
  for (std::uint16_t r : words.ranks)
    if (r < wanted.size() && wanted[r] >= 0) ++tf[static_cast<std::size_t>(wanted[r])];
  for (auto [position, r] : words.names)
    if (r < wanted.size() && wanted[r] >= 0) ++tf[static_cast<std::size_t>(wanted[r])];
}

std::size_t mentions(const schema::WordOrder& words, std::uint16_t rank) {
  auto n = static_cast<std::size_t>(std::count(words.ranks.begin(), words.ranks.end(), rank));
  for (auto [position, r] : words.names) n += r == rank;
  return n;
}

}  // namespace

// Each shard has its own metadata (a Database of several has the first one's).
CorpusStats CorpusStats::of(const Xapian::Database& db,
                            const std::vector<Xapian::Database>& parts) {
  CorpusStats s;
  s.articles = std::max(1.0, static_cast<double>(db.get_doccount()));
  double articles = 0, passages = 0, words = 0;
  for (const auto& part : parts) {
    articles += metadata(part, schema::kArticleCount);
    passages += metadata(part, schema::kPassageCount);
    words += metadata(part, schema::kPassageWords);
  }
  if (passages > 0 && words > 0) s.passage_length = words / passages;
  if (articles > 0 && passages > 0) s.passages_per_article = passages / articles;
  return s;
}

struct PassageRanker::Passage {
  const schema::PassageShape& shape;
  std::vector<double> tf;  // by term entry: in the passage and its article's title
  double length = 0;
  const std::vector<std::vector<std::uint16_t>>& phrase_ranks;  // by phrase, in the article
};

PassageRanker::PassageRanker(const ParsedQuery& q, const Xapian::Database& db,
                             const CorpusStats& stats)
    : query_(q), stats_(stats) {
  root_ = compile(q.query);
  // Passages are what is ranked: idf counts them, as if each were a document
  // (an article's term frequency stands for its passages'). Counted over
  // articles, known-item MRR@10 fell from 0.706 to 0.697 (docs/ranking.md).
  const double passages = stats_.articles * stats_.passages_per_article;
  for (auto& t : terms_) {
    double df = db.get_termfreq(t.text);
    if (df == 0) continue;
    // Xapian's BM25 termweight, and the classic idf (kept a little above 0).
    double tw = (passages - df + 0.5) / (df + 0.5);
    t.passage_idf = std::log(tw < 2 ? tw * 0.5 + 1 : tw);
    t.article_idf = std::max(1e-3, std::log(tw));
  }
  for (const auto& t : terms_) query_idf_ += t.article_idf;
  if (q.only_names)
    for (const auto& name : q.names) names_.push_back(schema::term_hash(name));
}

PassageRanker::Node PassageRanker::compile(const Xapian::Query& q) {
  using Q = Xapian::Query;
  Node n;
  auto children = [&] {
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
      n.children.push_back(compile(q.get_subquery(i)));
  };
  auto phrase = [&]() -> const PhraseCheck* {
    auto it = query_.phrases.find(q.get_description());
    return it == query_.phrases.end() ? nullptr : &it->second;
  };
  switch (q.get_type()) {
    case Q::LEAF_TERM: {
      std::string term = *q.get_terms_begin();
      if (!schema::is_word_term(term)) break;  // a field or filter: matched by Xapian
      auto it = std::find_if(terms_.begin(), terms_.end(), [&](auto& t) { return t.text == term; });
      n.term = static_cast<std::size_t>(it - terms_.begin());
      if (it == terms_.end()) terms_.push_back({term, schema::term_hash(term)});
      n.kind = Node::Kind::term;
      break;
    }
    case Q::LEAF_MATCH_NOTHING:
      n.kind = Node::Kind::never;
      break;
    case Q::LEAF_POSTING_SOURCE:
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
      n.kind = Node::Kind::phrase;
      if ((n.phrase = phrase())) {
        n.phrase_index = phrases_.size();
        phrases_.push_back(n.phrase);
      }
      children();
      break;
    case Q::OP_AND:
    case Q::OP_FILTER:
      n.kind = Node::Kind::all;
      n.weigh_first_only = q.get_type() == Q::OP_FILTER;
      children();
      break;
    case Q::OP_OR:
    case Q::OP_XOR:
    case Q::OP_SYNONYM:
    case Q::OP_ELITE_SET:
    case Q::OP_MAX:
      n.kind = Node::Kind::any;
      n.max = q.get_type() == Q::OP_MAX;
      children();
      break;
    case Q::OP_AND_NOT:
      n.kind = Node::Kind::all_but;
      children();
      break;
    case Q::OP_AND_MAYBE:
      n.kind = Node::Kind::first_plus;
      children();
      break;
    case Q::OP_SCALE_WEIGHT:
      children();
      if (!n.children.empty()) return std::move(n.children.front());
      break;
    default:  // value ranges, match-all: Xapian matched the article by them
      break;
  }
  return n;
}

// Xapian's BM25 sum part (BM25Weight(k1, 0, 1, b, min_normlen)).
double PassageRanker::term_weight(const Term& t, double tf, double length) const {
  double norm = std::max(length / stats_.passage_length, kMinNormLength);
  return t.passage_idf * (kPassageK1 + 1) * tf /
         (kPassageK1 * (norm * kPassageB + 1 - kPassageB) + tf);
}

std::pair<bool, double> PassageRanker::match(const Node& n, const Passage& p) const {
  using K = Node::Kind;
  switch (n.kind) {
    case K::term: {
      double tf = p.tf[n.term];
      return {tf > 0, tf > 0 ? term_weight(terms_[n.term], tf, p.length) : 0};
    }
    case K::always:
      return {true, 0};
    case K::never:
      return {false, 0};
    case K::all:
    case K::phrase: {
      double w = 0;
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        auto [ok, cw] = match(n.children[i], p);
        if (!ok) return {false, 0};
        if (i == 0 || !n.weigh_first_only) w += cw;
      }
      if (n.kind == K::phrase && n.phrase &&
          !n.phrase->holds(p.shape.words, p.phrase_ranks[n.phrase_index]))
        return {false, 0};
      return {true, w};
    }
    case K::any: {
      bool any = false;
      double w = 0;
      for (const auto& c : n.children) {
        auto [ok, cw] = match(c, p);
        any = any || ok;
        if (ok) w = n.max ? std::max(w, cw) : w + cw;
      }
      return {any, w};
    }
    case K::all_but: {
      if (n.children.empty()) return {false, 0};
      auto first = match(n.children.front(), p);
      for (std::size_t i = 1; first.first && i < n.children.size(); ++i)
        if (match(n.children[i], p).first) return {false, 0};
      return first;
    }
    case K::first_plus: {
      if (n.children.empty()) return {false, 0};
      auto first = match(n.children.front(), p);
      for (std::size_t i = 1; first.first && i < n.children.size(); ++i)
        first.second += match(n.children[i], p).second;
      return first;
    }
  }
  return {false, 0};
}

RankedArticle PassageRanker::rank(const schema::ArticleShape& a) const {
  // Each query term's entry by its rank in this article's vocabulary.
  std::vector<int> wanted(a.vocabulary.size(), -1);
  for (std::size_t t = 0; t < terms_.size(); ++t)
    if (auto r = a.rank_of(terms_[t].hash); r != schema::WordOrder::kNoRank)
      wanted[r] = static_cast<int>(t);
  std::vector<double> title_tf(terms_.size(), 0.0);
  count(a.title, wanted, title_tf);
  const bool title_words = names_.empty();  // names alone: their own title boost, below
  if (title_words)
    for (double& tf : title_tf) tf *= kTitleWordWeight;
  std::vector<std::vector<std::uint16_t>> phrase_ranks;
  for (const auto* phrase : phrases_) phrase_ranks.push_back(phrase->ranks_in(a));
  const double title_length = static_cast<double>(a.title.terms());

  // Each passage: whether it matches, its weight, its summed article idf.
  struct Scored {
    bool matches;
    double weight, matched_idf;
  };
  std::vector<Scored> scored;
  std::vector<double> article_tf(terms_.size(), 0.0);
  double article_length = 0;
  for (const auto& shape : a.passages) {
    Passage p{shape, title_tf, static_cast<double>(shape.words.terms()) + title_length,
              phrase_ranks};
    count(shape.words, wanted, p.tf);
    if (title_words)
      for (std::size_t t = 0; t < terms_.size(); ++t)
        if (title_tf[t] > 0)  // the title's word: once if the body has it, repeats not counted
          p.tf[t] = title_tf[t] + (p.tf[t] > title_tf[t] ? 1 : 0);
    auto [matches, weight] = match(root_, p);
    double matched_idf = 0;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
      if (p.tf[t] > 0) matched_idf += terms_[t].article_idf;
      article_tf[t] += p.tf[t];
    }
    article_length += p.length;
    scored.push_back({matches, weight, matched_idf});
  }

  // The article's BM25 over its passages, each with its title (as ranked before
  // articles were one document: docs/ranking.md, "Article evidence").
  double article_bm25 = 0;
  const double average = stats_.passage_length * stats_.passages_per_article;
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    double tf = article_tf[t];
    if (tf > 0)
      article_bm25 += terms_[t].article_idf * tf * (kArticleK1 + 1) /
                      (tf + kArticleK1 * (1 - kArticleB + kArticleB * article_length / average));
  }

  bool any_matches = std::any_of(scored.begin(), scored.end(), [](auto& s) { return s.matches; });
  double best_idf = 0;
  for (const auto& s : scored)
    if (s.matches || !any_matches) best_idf = std::max(best_idf, s.matched_idf);
  const double lead_evidence =
      !scored.empty() && scored[0].matches ? kLeadEvidence * scored[0].weight : 0;
  double title_idf = 0;
  for (std::size_t t = 0; t < terms_.size(); ++t)
    if (title_tf[t] > 0) title_idf += terms_[t].article_idf;
  const double title_share =
      title_words && query_idf_ > 0 ? 1 + kTitleShare * title_idf / query_idf_ : 1;
  RankedArticle out;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    const Scored& s = scored[i];
    if (any_matches && !s.matches) continue;
    double boost = 1;
    if (!names_.empty()) {
      std::size_t said = 0;
      bool in_title = false;
      for (std::uint32_t name : names_) {
        auto r = a.rank_of(name);
        if (r == schema::WordOrder::kNoRank) continue;
        said += mentions(a.passages[i].words, r);
        in_title = in_title || mentions(a.title, r) > 0;
      }
      boost = 1 + kTitleBoost * in_title +
              kMentionBoost * static_cast<double>(std::min(said, kMaxMentions) -
                                                  std::min<std::size_t>(said, 1));
    }
    // Query coverage (docs/ranking.md): relative to the article's best-covering
    // passage, so it reorders an article's passages.
    double coverage = s.matched_idf > 0 ? s.matched_idf / best_idf : 1;
    double lead = 1 + kLeadBoost / (1 + static_cast<double>(i));
    out.passages.emplace_back(
        i, (s.weight * lead * boost * coverage + article_bm25 + lead_evidence) * title_share);
  }
  std::stable_sort(out.passages.begin(), out.passages.end(),
                   [](auto& x, auto& y) { return x.second > y.second; });
  if (!out.passages.empty()) out.score = out.passages.front().second;
  return out;
}

}  // namespace naba::detail
