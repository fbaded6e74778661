#include "searcher/phrase_source.h"

#include <algorithm>
#include <optional>

#include "common/schema.h"
#include "common/stored_article.h"
#include "searcher/analysis_cache.h"
#include "searcher/deadline.h"

namespace naba::detail {

namespace {

// Passages are checked on the thread that runs the match: one analyzer per
// thread keeps its stem cache warm from article to article.
const Analyzer& thread_analyzer() {
  thread_local const Analyzer analyzer;
  return analyzer;
}

// Positions of each term (in phrase order): in order, within @p window?
bool in_order(const std::vector<std::vector<std::uint32_t>>& at, std::uint32_t window) {
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
    if (last - start < window) return true;
  }
  return false;
}

}  // namespace

std::vector<std::uint16_t> PhraseCheck::ranks_in(const schema::ArticleShape& shape) const {
  std::vector<std::uint16_t> ranks;
  for (const auto& term : terms)
    if (!term.empty()) ranks.push_back(shape.rank_of(schema::term_hash(term)));
  return ranks;
}

bool PhraseCheck::holds(const schema::WordOrder& words,
                        const std::vector<std::uint16_t>& ranks) const {
  std::vector<std::vector<std::uint32_t>> at;
  for (std::uint16_t rank : ranks) {
    if (rank == schema::WordOrder::kNoRank) return false;
    auto& positions = at.emplace_back();
    for (std::uint32_t p = 0; p < words.ranks.size(); ++p)
      if (words.ranks[p] == rank) positions.push_back(p);
    for (auto [p, name] : words.names)
      if (name == rank) positions.push_back(p);
    std::sort(positions.begin(), positions.end());
  }
  return in_order(at, window);
}

bool PhraseCheck::holds(const std::vector<Token>& tokens) const {
  // Where each non-empty term of the phrase occurs: a word's term, or a name's
  // term, which the indexer puts at the name's first word.
  std::vector<std::vector<std::uint32_t>> at;
  for (const auto& term : terms) {
    if (term.empty()) continue;
    auto& positions = at.emplace_back();
    for (const auto& t : tokens)
      if (t.term == term || t.entity == term) positions.push_back(t.position);
  }
  return in_order(at, window);
}

PhraseSource::PhraseSource(TermSequence terms, std::uint32_t window, bool in_title)
    : verdicts_(std::make_shared<Verdicts>()),
      phrase_{std::move(terms), window},
      in_title_(in_title) {
  for (const auto& t : phrase_.terms) {
    if (t.empty()) continue;
    std::string term = (in_title ? std::string(schema::kTitle) : std::string()) + t;
    if (std::find(distinct_.begin(), distinct_.end(), term) == distinct_.end())
      distinct_.push_back(std::move(term));
  }
}

PhraseSource* PhraseSource::clone() const {
  auto* copy = new PhraseSource(phrase_.terms, phrase_.window, in_title_);
  copy->verdicts_ = verdicts_;
  return copy;
}

void PhraseSource::init(const Xapian::Database& db) {
  db_ = db;
  uuid_ = db.get_uuid();
  {
    std::lock_guard lock(verdicts_->mutex);
    known_ = &verdicts_->by_database[uuid_];
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
    // Past the search's deadline, no further article matches (the search
    // says it was cut short).
    if (Deadline::thread_passed()) {
      ended_ = true;
      return;
    }
    // The next article holding every term: each posting list leapfrogs to it.
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
    if (article_holds(did)) {
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

// Xapian asks this of an article that its other terms already match: only that
// article is read, and a "no" leaves the next call to move past it.
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
  verified_ = !Deadline::thread_passed() &&
              std::all_of(postings_.begin(), postings_.end(),
                          [did](const auto& it) { return *it == did; }) &&
              article_holds(did);
  return verified_;
}

bool PhraseSource::article_holds(Xapian::docid did) {
  {
    std::lock_guard lock(verdicts_->mutex);
    if (auto known = known_->find(did); known != known_->end()) return known->second;
  }
  const Xapian::Document doc = db_.get_document(did, Xapian::DOC_ASSUME_VALID);
  bool verdict = false;
  // The searcher's articles when this source reads the database they are
  // numbered by (not one shard of several): a quoted headline checks many.
  std::optional<schema::ArticleShape> read;
  const schema::ArticleShape* shape = nullptr;
  if (ArticleCache* articles = ArticleCache::of_thread(); articles && articles->uuid() == uuid_)
    shape = &articles->get(did, doc).shape;
  else if ((read = schema::read_shape(doc)))
    shape = &*read;
  if (shape && !shape->vocabulary.empty()) {
    const auto ranks = phrase_.ranks_in(*shape);
    if (in_title_)
      verdict = phrase_.holds(shape->title, ranks);
    else
      for (const auto& p : shape->passages) verdict = verdict || phrase_.holds(p.words, ranks);
  } else if (shape) {  // stored without its words (too many): analyse its text
    schema::StoredArticle stored(doc, *shape);
    std::vector<Token> tokens;
    auto holds = [&](std::string_view text) {
      thread_analyzer().analyze(text, tokens);
      return phrase_.holds(tokens);
    };
    if (in_title_)
      verdict = holds(stored.fields().title);
    else
      for (std::size_t i = 0; i < stored.passages() && !verdict; ++i)
        verdict = holds(stored.passage(i).text);
  }
  std::lock_guard lock(verdicts_->mutex);
  known_->emplace(did, verdict);
  return verdict;
}

std::string PhraseSource::get_description() const {
  std::string out = in_title_ ? "naba::PhraseSource(title: " : "naba::PhraseSource(";
  for (const auto& t : phrase_.terms) out += (t.empty() ? "_" : t) + " ";
  return out + "window " + std::to_string(phrase_.window) + ")";
}

}  // namespace naba::detail
