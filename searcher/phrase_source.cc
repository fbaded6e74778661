#include "searcher/phrase_source.h"

#include <algorithm>

#include "common/schema.h"
#include "common/stored_passage.h"

namespace naba::detail {

namespace {

// Passages are checked on the thread that runs the match: one analyzer per
// thread keeps its stem cache warm from passage to passage and search to search.
const Analyzer& thread_analyzer() {
  thread_local const Analyzer analyzer;
  return analyzer;
}

}  // namespace

PhraseSource::PhraseSource(TermSequence terms, std::uint32_t window)
    : verdicts_(std::make_shared<Verdicts>()), terms_(std::move(terms)), window_(window) {
  for (const auto& t : terms_)
    if (!t.empty() && std::find(distinct_.begin(), distinct_.end(), t) == distinct_.end())
      distinct_.push_back(t);
}

bool PhraseSource::holds(const std::vector<Token>& tokens) const {
  // Where each non-empty term of the phrase occurs: a word's term, or a name's
  // term, which the indexer puts at the name's first word.
  std::vector<std::vector<std::uint32_t>> at;
  for (const auto& term : terms_) {
    if (term.empty()) continue;
    auto& positions = at.emplace_back();
    for (const auto& t : tokens)
      if (t.term == term || t.entity == term) positions.push_back(t.position);
  }
  return in_order(at);
}

bool PhraseSource::holds(const schema::WordOrder& order,
                         const std::vector<std::uint16_t>& ranks) const {
  std::vector<std::vector<std::uint32_t>> at;
  for (std::uint16_t rank : ranks) {
    auto& positions = at.emplace_back();
    for (std::uint32_t p = 0; p < order.ranks.size(); ++p)
      if (order.ranks[p] == rank) positions.push_back(p);
    for (auto [p, name] : order.names)
      if (name == rank) positions.push_back(p);
    std::sort(positions.begin(), positions.end());
  }
  return in_order(at);
}

bool PhraseSource::in_order(const std::vector<std::vector<std::uint32_t>>& at) const {
  if (at.empty() || std::any_of(at.begin(), at.end(), [](auto& p) { return p.empty(); }))
    return false;
  // From each occurrence of the first term, the earliest in-order occurrence
  // of each next term: the phrase ends as early as it can from that start.
  for (std::uint32_t start : at.front()) {
    std::uint32_t last = start;
    bool complete = true;
    for (std::size_t i = 1; i < at.size() && complete; ++i) {
      auto next = std::upper_bound(at[i].begin(), at[i].end(), last);
      complete = next != at[i].end();
      if (complete) last = *next;
    }
    if (!complete) return false;  // a later start cannot complete either
    if (last - start < window_) return true;
  }
  return false;
}

PhraseSource* PhraseSource::clone() const {
  auto* copy = new PhraseSource(terms_, window_);
  copy->verdicts_ = verdicts_;
  return copy;
}

void PhraseSource::init(const Xapian::Database& db) {
  db_ = db;
  {
    std::lock_guard lock(verdicts_->mutex);
    known_ = &verdicts_->by_database[db.get_uuid()];
  }
  postings_.clear();
  termfreq_max_ = db.get_doccount();
  for (const auto& term : distinct_) {
    postings_.push_back(db.postlist_begin(term));
    termfreq_max_ = std::min(termfreq_max_, db.get_termfreq(term));
  }
  current_ = 0;
  verified_ = false;
  ended_ = postings_.empty();
}

void PhraseSource::advance_from(Xapian::docid did) {
  for (;;) {
    // The next passage holding every term: each posting list leapfrogs to it.
    for (bool moved = true; moved;) {
      moved = false;
      for (auto& it : postings_) {
        it.skip_to(did);
        if (it == db_.postlist_end({})) {
          ended_ = true;
          return;
        }
        if (*it > did) did = *it, moved = true;
      }
    }
    if (passage_holds(did)) {
      current_ = did;
      verified_ = true;
      return;
    }
    ++did;
  }
}

void PhraseSource::next(double) {
  advance_from(current_ + 1);
}

void PhraseSource::skip_to(Xapian::docid did, double) {
  if (did <= current_ && verified_) return;
  advance_from(std::max(did, current_ + 1));
}

// Xapian asks this of a passage that its other terms already match: only that
// passage is read, and a "no" leaves the next call to move past it.
bool PhraseSource::check(Xapian::docid did, double) {
  if (did == current_ && verified_) return true;
  for (auto& it : postings_) {
    it.skip_to(did);
    if (it == db_.postlist_end({})) {
      ended_ = true;
      return true;
    }
  }
  current_ = did;
  verified_ = std::all_of(postings_.begin(), postings_.end(),
                          [did](const auto& it) { return *it == did; }) &&
              passage_holds(did);
  return verified_;
}

bool PhraseSource::passage_holds(Xapian::docid did) {
  {
    std::lock_guard lock(verdicts_->mutex);
    if (auto known = known_->find(did); known != known_->end()) return known->second;
  }
  const Xapian::Document doc = db_.get_document(did, Xapian::DOC_ASSUME_VALID);
  bool verdict;
  if (auto order = schema::decode_word_order(schema::stored_word_order(doc))) {
    verdict = holds(*order, ranks_in(doc));
  } else {  // indexed without the word order: analyse the passage as the indexer did
    thread_analyzer().analyze(schema::stored_text(doc), tokens_);
    verdict = holds(tokens_);
  }
  std::lock_guard lock(verdicts_->mutex);
  known_->emplace(did, verdict);
  return verdict;
}

// The phrase's terms (in its order, without "") as ranks among the passage's
// word terms, read from its term list (sorted, as its word order counts them).
std::vector<std::uint16_t> PhraseSource::ranks_in(const Xapian::Document& doc) const {
  std::vector<std::pair<std::string, std::uint16_t>> found;  // (term, rank)
  std::uint16_t rank = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    if (!schema::is_word_term(term)) continue;
    if (std::find(distinct_.begin(), distinct_.end(), term) != distinct_.end())
      found.emplace_back(std::move(term), rank);
    ++rank;
  }
  std::vector<std::uint16_t> ranks;
  for (const auto& term : terms_) {
    if (term.empty()) continue;
    auto it = std::find_if(found.begin(), found.end(), [&](auto& f) { return f.first == term; });
    ranks.push_back(it == found.end() ? schema::WordOrder::kNoRank : it->second);
  }
  return ranks;
}

std::string PhraseSource::get_description() const {
  std::string out = "naba::PhraseSource(";
  for (const auto& t : terms_) out += (t.empty() ? "_" : t) + " ";
  return out + "window " + std::to_string(window_) + ")";
}

}  // namespace naba::detail
