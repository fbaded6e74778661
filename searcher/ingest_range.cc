#include "searcher/ingest_range.h"

#include <algorithm>
#include <cstdint>

#include "common/schema.h"

namespace naba::detail {
namespace {

// Documents [first, last] (OP_FILTER with it lets every posting list skip
// straight to the batch).
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last) {}
  void init(const Xapian::Database& db) override {
    db_ = db;
    it_ = db_.postlist_begin(std::string());  // every document
    end_ = db_.postlist_end(std::string());
    started_ = false;
    Xapian::doccount span = last_ >= first_ ? last_ - first_ + 1 : 0;
    termfreq_ = std::min(span, db_.get_doccount());
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void next(double) override {
    if (started_) {
      ++it_;
    } else {
      started_ = true;
      it_.skip_to(first_);
    }
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    it_.skip_to(std::max(did, first_));
  }
  bool at_end() const override { return it_ == end_ || *it_ > last_; }
  Xapian::docid get_docid() const override { return *it_; }
  DocidRange* clone() const override { return new DocidRange(first_, last_); }
  std::string get_description() const override {
    return "DocidRange(" + std::to_string(first_) + ".." + std::to_string(last_) + ")";
  }

 private:
  Xapian::docid first_, last_;
  Xapian::Database db_;
  Xapian::PostingIterator it_, end_;
  Xapian::doccount termfreq_ = 0;
  bool started_ = false;
};

}  // namespace

Xapian::docid first_after(const Xapian::Database& db, std::uint64_t n) {
  const Xapian::docid end = db.get_lastdocid() + 1;
  // The first numbered document at or after @p from, and its number.
  auto numbered_from = [&](Xapian::docid from) -> std::pair<Xapian::docid, std::uint64_t> {
    auto it = db.valuestream_begin(schema::kIngest);
    it.skip_to(from);
    if (it == db.valuestream_end(schema::kIngest)) return {end, UINT64_MAX};
    return {it.get_docid(), static_cast<std::uint64_t>(Xapian::sortable_unserialise(*it))};
  };
  // The smallest lo whose first numbered document has a number above n.
  Xapian::docid lo = 1, hi = end;
  while (lo < hi) {
    Xapian::docid mid = lo + (hi - lo) / 2;
    auto [docid, number] = numbered_from(mid);
    if (number > n)
      hi = mid;
    else
      lo = docid + 1;
  }
  return lo >= end ? end : numbered_from(lo).first;
}

IngestRange::IngestRange(const Xapian::Database& db, std::uint64_t after, std::uint64_t through)
    : db_(db),
      first_(first_after(db, after)),
      last_(first_after(db, through == 0 ? UINT64_MAX : through) - 1) {}

Xapian::Query IngestRange::filter() const {
  return Xapian::Query((new DocidRange(first_, last_))->release());
}

bool IngestRange::has_term(const std::string& term) {
  auto [entry, fresh] = has_.try_emplace(term, false);
  if (fresh) {
    auto it = db_.postlist_begin(term);
    it.skip_to(first_);
    entry->second = it != db_.postlist_end(term) && *it <= last_;
  }
  return entry->second;
}

bool IngestRange::may_match(const Xapian::Query& q) {
  if (first_ > last_) return false;  // an empty batch
  switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM:
      return has_term(*q.get_terms_begin());
    case Xapian::Query::LEAF_MATCH_NOTHING:
      return false;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (!may_match(q.get_subquery(i))) return false;
      return true;
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
      return q.get_num_subqueries() == 0 || may_match(q.get_subquery(0));
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_ELITE_SET:
    case Xapian::Query::OP_MAX:
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (may_match(q.get_subquery(i))) return true;
      return false;
    default:
      return true;
  }
}

IngestRange& IngestRanges::get(std::uint64_t after, std::uint64_t through) {
  auto key = std::make_pair(after, through);
  auto it = ranges_.find(key);
  if (it == ranges_.end()) it = ranges_.emplace(key, IngestRange(db_, after, through)).first;
  return it->second;
}

}  // namespace naba::detail
