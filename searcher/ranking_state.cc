#include "searcher/ranking_state.h"

namespace naba::detail {

RankingState::Passage& RankingState::passage(const Xapian::MSetIterator& it) {
  auto [entry, fresh] = passages_.try_emplace(*it);
  if (fresh) {
    Xapian::Document doc = it.get_document();
    entry->second.stored = schema::stored_passage(doc);
    entry->second.story = doc.get_value(schema::kStoryId);
    if (std::string ingest = doc.get_value(schema::kIngest); !ingest.empty())
      entry->second.ingest = static_cast<std::uint64_t>(Xapian::sortable_unserialise(ingest));
  }
  return entry->second;
}

const std::vector<Token>& RankingState::tokens(const Xapian::MSetIterator& it) {
  Passage& p = passage(it);
  if (p.tokens) return *p.tokens;
  if (shared_)
    if ((p.tokens = shared_->find(*it))) return *p.tokens;
  auto analysed = std::make_shared<std::vector<Token>>();
  analyzer_.analyze(p.stored.text, *analysed);
  if (shared_) shared_->add(*it, analysed);
  p.tokens = std::move(analysed);
  return *p.tokens;
}

void RankingState::begin_search(bool one_batch) {
  if (passages_.size() > 20000 || titles_.size() > 20000) forget_documents();
  if (!one_batch) facts_.clear();
  scores_.clear();
}

void RankingState::forget_documents() {
  passages_.clear();
  facts_.clear();
  titles_.clear();
  scorer_.forget();
}

void RankingState::gather_evidence(const Xapian::Query& q, const Xapian::MSet& mset,
                                   bool by_score) {
  article_bonus_.clear();
  evidence_ = {};
  std::vector<std::string> ids;
  for (auto it = mset.begin(); by_score && it != mset.end(); ++it)
    if (article_bonus_.try_emplace(it.get_collapse_key(), 0).second)
      ids.push_back(it.get_collapse_key());
  if (ids.empty()) return;
  evidence_ = scorer_.score(q, ids);
  for (std::size_t i = 0; i < ids.size(); ++i) article_bonus_[ids[i]] = evidence_.article_bm25[i];
}

// The coverage sets paragraphs of one article apart: they share the title's
// words (indexed in every passage) and the article bonus, so BM25 alone
// favours the shortest paragraph that has the title and the common words,
// over the one that also has the question's rarer words. Relative to the
// article's best passage, so it reorders an article's passages and only
// lowers an article whose best-weighted passage is not its best-covering one.
// A passage with no query word (matched by a field, e.g. title:) keeps its
// weight.
double RankingState::score(const Xapian::MSetIterator& it, const ParsedQuery& q) {
  auto [score, fresh] = scores_.try_emplace(*it);
  if (!fresh) return score->second;
  double s = weighted(it, q.only_names ? &q.names : nullptr) * evidence_.coverage_of(*it);
  auto bonus = article_bonus_.find(it.get_collapse_key());
  return score->second = s + (bonus == article_bonus_.end() ? 0 : bonus->second);
}

// A passage's weight, lead-weighted and boosted for the names it is about.
double RankingState::weighted(const Xapian::MSetIterator& it,
                              const std::vector<std::string>* names) {
  Facts& f = facts_[*it];
  if (!f.passage) f.passage = passage_number(it);
  double boost = 1;
  if (names) {
    if (!f.names) f.names = name_counts(it.get_document());
    boost = entity_boost(*f.names, title_of(it), *names);
  }
  return passage_score(it, *f.passage, boost);
}

const std::vector<Token>& RankingState::title_of(const Xapian::MSetIterator& it) {
  auto [title, fresh] = titles_.try_emplace(it.get_collapse_key());
  if (fresh) analyzer_.analyze(schema::stored_passage(it.get_document()).title, title->second);
  return title->second;
}

}  // namespace naba::detail
