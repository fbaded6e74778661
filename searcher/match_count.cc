#include "searcher/match_count.h"

#include <bit>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace naba::detail {
namespace {

using Query = Xapian::Query;

// One bit per docid.
class Bitmap {
 public:
  explicit Bitmap(Xapian::docid last) : words_(last / 64 + 1, 0) {}
  void set(Xapian::docid d) { words_[d / 64] |= std::uint64_t{1} << (d % 64); }
  void add(const Bitmap& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] |= o.words_[i];
  }
  void keep(const Bitmap& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
  }
  void remove(const Bitmap& o) {
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= ~o.words_[i];
  }
  Xapian::doccount count() const {
    Xapian::doccount n = 0;
    for (auto w : words_) n += std::popcount(w);
    return n;
  }

 private:
  std::vector<std::uint64_t> words_;
};

class Counter {
 public:
  Counter(const Xapian::Database& db, const Deadline& deadline)
      : db_(db), deadline_(deadline), last_(db.get_lastdocid()) {}

  // The documents @p q matches, or nothing if it cannot say.
  std::unique_ptr<Bitmap> matches(const Query& q) {
    const std::size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
      case Query::LEAF_TERM:
        return std::make_unique<Bitmap>(term(*q.get_terms_begin()));
      case Query::LEAF_MATCH_ALL:
        return std::make_unique<Bitmap>(term(""));
      case Query::LEAF_MATCH_NOTHING:
        return std::make_unique<Bitmap>(last_);
      case Query::OP_OR:
      case Query::OP_SYNONYM:
        return combine(q, 0, n, &Bitmap::add);
      case Query::OP_AND:
      case Query::OP_FILTER:
        return combine(q, 0, n, &Bitmap::keep);
      case Query::OP_AND_NOT:
        return combine(q, 0, n, &Bitmap::remove);
      case Query::OP_AND_MAYBE:
      case Query::OP_SCALE_WEIGHT:
        return matches(q.get_subquery(0));
      default:
        return listed_by_xapian(q);
    }
  }

 private:
  // The first subquery's matches, with each of the others applied by @p op.
  std::unique_ptr<Bitmap> combine(const Query& q, std::size_t from, std::size_t to,
                                  void (Bitmap::*op)(const Bitmap&)) {
    auto out = from < to ? matches(q.get_subquery(from)) : std::make_unique<Bitmap>(last_);
    for (std::size_t i = from + 1; out && i < to; ++i) {
      auto next = matches(q.get_subquery(i));
      if (!next) return nullptr;
      ((*out).*op)(*next);
    }
    return out;
  }

  // What @p q matches as Xapian's match lists it, without weights: phrases,
  // value ranges and posting sources (a phrase check reads each article that
  // holds its words, once per count though the query names it twice).
  std::unique_ptr<Bitmap> listed_by_xapian(const Query& q) {
    auto [it, added] = listed_.try_emplace(q.get_description(), last_);
    if (added && !(timed_out_ = timed_out_ || deadline_.passed())) {
      Xapian::Enquire enquire(db_);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      if (deadline_.set) enquire.set_time_limit(deadline_.seconds_left());
      const Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
      timed_out_ = mset.get_matches_lower_bound() != mset.get_matches_upper_bound() ||
                   mset.size() != mset.get_matches_lower_bound();
      for (auto m = mset.begin(); m != mset.end(); ++m) it->second.set(*m);
    }
    return std::make_unique<Bitmap>(it->second);
  }

  // A term's postings, read once per count: OR(any, all) names each term twice.
  const Bitmap& term(const std::string& t) {
    auto [it, added] = terms_.try_emplace(t, last_);
    if (!added) return it->second;
    if ((timed_out_ = timed_out_ || deadline_.passed())) return it->second;
    for (auto p = db_.postlist_begin(t); p != db_.postlist_end(t); ++p) it->second.set(*p);
    return it->second;
  }

 public:
  /** The deadline passed before every posting list was read. */
  bool timed_out() const { return timed_out_; }

 private:
  const Xapian::Database& db_;
  const Deadline& deadline_;
  const Xapian::docid last_;
  std::map<std::string, Bitmap> terms_;
  std::map<std::string, Bitmap> listed_;  // by the query's description
  bool timed_out_ = false;
};

}  // namespace

std::optional<Xapian::doccount> count_matches(const Xapian::Database& db,
                                              const Xapian::Query& query,
                                              const Deadline& deadline) {
  Counter counter(db, deadline);
  auto matches = counter.matches(query);
  if (!matches || counter.timed_out()) return std::nullopt;
  return matches->count();
}

}  // namespace naba::detail
