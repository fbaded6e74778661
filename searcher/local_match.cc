#include "searcher/local_match.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace naba::detail {
namespace {

using Query = Xapian::Query;

// One bit per docid.
class Bitmap {
 public:
  explicit Bitmap(Xapian::docid last) : words_(last / 64 + 1, 0) {}
  void set(Xapian::docid d) { words_[d / 64] |= std::uint64_t{1} << (d % 64); }
  bool test(Xapian::docid d) const { return words_[d / 64] >> (d % 64) & 1; }
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
  template <typename F>
  void for_each(F f) const {
    for (std::size_t i = 0; i < words_.size(); ++i)
      for (auto w = words_[i]; w; w &= w - 1)
        f(static_cast<Xapian::docid>(i * 64 + std::countr_zero(w)));
  }

 private:
  std::vector<std::uint64_t> words_;
};

using Matches = std::unique_ptr<Bitmap>;  // null: cannot say

// A term's documents and its BM25 weight in each.
struct TermPostings {
  explicit TermPostings(Xapian::docid last) : matches(last) {}
  Bitmap matches;
  std::vector<std::pair<Xapian::docid, double>> weights;  // in a weighted match
};

class Evaluator {
 public:
  Evaluator(const Xapian::Database& db, const Deadline& deadline, const LengthNorms* norms)
      : db_(db), deadline_(deadline), norms_(norms), last_(db.get_lastdocid()) {}

  Xapian::docid last() const { return last_; }
  bool timed_out() const { return timed_out_; }

  // The documents @p q matches; with @p weights, adds q's weight at each of
  // them that @p mask holds (null: every one).
  Matches eval(const Query& q, std::vector<double>* weights, const Bitmap* mask) {
    const auto type = q.get_type();
    switch (type) {
      case Query::LEAF_TERM:
        return term(*q.get_terms_begin(), weights, mask);
      case Query::LEAF_MATCH_NOTHING:
        return std::make_unique<Bitmap>(last_);
      case Query::OP_OR:
        return any(q, 0, weights, mask);
      case Query::OP_AND:
      case Query::OP_FILTER:
      case Query::OP_AND_NOT:
        return combined(q, weights, mask);
      case Query::OP_AND_MAYBE:  // Xapian checks its right side's phrases loosely
        return weights ? nullptr : combined(q, weights, mask);
      case Query::OP_PHRASE:
      case Query::OP_NEAR: {  // weighted by its words where it matches
        Matches m = listed(q);
        if (!m || !weights) return m;
        Matches where = within(*m, mask);
        return any(q, 0, weights, where.get()) ? std::move(m) : nullptr;
      }
      case Query::OP_VALUE_RANGE:
      case Query::OP_VALUE_GE:
      case Query::OP_VALUE_LE:  // no weight
        return listed(q);
      default:  // weighted otherwise: Xapian's match weighs it
        return weights ? nullptr : listed(q);
    }
  }

 private:
  // The union of q's subqueries from @p from on, each weighted.
  Matches any(const Query& q, std::size_t from, std::vector<double>* weights, const Bitmap* mask) {
    auto out = std::make_unique<Bitmap>(last_);
    for (std::size_t i = from; i < q.get_num_subqueries(); ++i) {
      Matches m = eval(q.get_subquery(i), weights, mask);
      if (!m) return nullptr;
      out->add(*m);
    }
    return out;
  }

  // AND, FILTER, AND_NOT (and AND_MAYBE, unweighted): their matches first,
  // then the weights of the subqueries that weigh (all of AND's, the first of
  // the others) where the whole matches.
  Matches combined(const Query& q, std::vector<double>* weights, const Bitmap* mask) {
    const auto type = q.get_type();
    Matches out = eval(q.get_subquery(0), nullptr, nullptr);
    if (!out) return nullptr;
    if (type != Query::OP_AND_MAYBE) {
      Matches rest = type == Query::OP_AND_NOT ? any(q, 1, nullptr, nullptr) : all(q, 1);
      if (!rest) return nullptr;
      type == Query::OP_AND_NOT ? out->remove(*rest) : out->keep(*rest);
    }
    if (!weights) return out;
    Matches where = within(*out, mask);
    if (type == Query::OP_AND) return any(q, 0, weights, where.get()) ? std::move(out) : nullptr;
    return eval(q.get_subquery(0), weights, where.get()) ? std::move(out) : nullptr;
  }

  // The intersection of q's subqueries from @p from on, unweighted.
  Matches all(const Query& q, std::size_t from) {
    Matches out;
    for (std::size_t i = from; i < q.get_num_subqueries(); ++i) {
      Matches m = eval(q.get_subquery(i), nullptr, nullptr);
      if (!m) return nullptr;
      out ? out->keep(*m) : void(out = std::move(m));
    }
    return out ? std::move(out) : std::make_unique<Bitmap>(last_);
  }

  Matches within(const Bitmap& m, const Bitmap* mask) {
    auto out = std::make_unique<Bitmap>(m);
    if (mask) out->keep(*mask);
    return out;
  }

  // A term's postings, read once per match (OR(any, all) names each term
  // twice), with their weights when the match is weighted.
  Matches term(const std::string& t, std::vector<double>* weights, const Bitmap* mask) {
    auto [it, added] = terms_.try_emplace(t, last_);
    TermPostings& p = it->second;
    if (added && !read(t, p)) return nullptr;
    if (weights)
      for (const auto& [did, w] : p.weights)
        if (!mask || mask->test(did)) (*weights)[did] += w;
    return std::make_unique<Bitmap>(p.matches);
  }

  // BM25 as Xapian::BM25Weight computes it (k2 = 0, k3 = 1, wqf 1, factor 1).
  bool read(const std::string& t, TermPostings& p) {
    if ((timed_out_ = timed_out_ || deadline_.passed())) return false;
    if (!norms_) {
      for (auto i = db_.postlist_begin(t); i != db_.postlist_end(t); ++i) p.matches.set(*i);
      return true;
    }
    const Xapian::doccount tf = db_.get_termfreq(t);
    double tw = (db_.get_doccount() - tf + 0.5) / (tf + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    const double termweight = std::log(tw) * 1.0 * (norms_->bm25().k1 + 1);
    p.weights.reserve(tf);
    for (auto i = db_.postlist_begin(t); i != db_.postlist_end(t); ++i) {
      const Xapian::docid did = *i;  // a virtual call each time it is asked
      p.matches.set(did);
      const double wdf = i.get_wdf();
      p.weights.emplace_back(did, termweight * (wdf / ((*norms_)[did] + wdf)));
    }
    return true;
  }

  // What @p q matches as Xapian's match lists it, without weights, once per
  // match (by its description): phrases, value ranges and posting sources.
  Matches listed(const Query& q) {
    auto [it, added] = listed_.try_emplace(q.get_description(), last_);
    if (added) {
      if ((timed_out_ = timed_out_ || deadline_.passed())) return nullptr;
      Xapian::Enquire enquire(db_);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      deadline_.limit(enquire);
      const Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
      if ((timed_out_ = mset.get_matches_lower_bound() != mset.get_matches_upper_bound() ||
                        mset.size() != mset.get_matches_lower_bound()))
        return nullptr;
      for (auto m = mset.begin(); m != mset.end(); ++m) it->second.set(*m);
    }
    return std::make_unique<Bitmap>(it->second);
  }

  const Xapian::Database& db_;
  const Deadline& deadline_;
  const LengthNorms* norms_;
  const Xapian::docid last_;
  std::map<std::string, TermPostings> terms_;
  std::map<std::string, Bitmap> listed_;
  bool timed_out_ = false;
};

// A type, not a function: std::partial_sort then inlines it (through a
// function pointer it was an indirect call per comparison).
struct Better {
  bool operator()(const LocalMatch::Weighted& a, const LocalMatch::Weighted& b) const {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  }
};

}  // namespace

// As Xapian::BM25Weight computes it, so that a posting's weight is the same
// double (local_match_test).
LengthNorms::LengthNorms(const Xapian::Database& db, const BM25Params& bm25)
    : bm25_(bm25), norms_(db.get_lastdocid() + 1) {
  const Xapian::doccount n = db.get_doccount();
  const double len_factor = n ? 1 / (static_cast<double>(db.get_total_length()) / n) : 0;
  for (auto i = db.postlist_begin(""); i != db.postlist_end(""); ++i) {
    const double normlen = std::max(i.get_doclength() * len_factor, bm25.min_normlen);
    norms_[*i] = bm25.k1 * (normlen * bm25.b + (1 - bm25.b));
  }
}

std::optional<LocalMatch> LocalMatch::run(const Xapian::Database& db, const Xapian::Query& query,
                                          const Deadline& deadline, const LengthNorms* norms) {
  const bool weighted = norms != nullptr;
  Evaluator evaluator(db, deadline, norms);
  // One weight per docid, all zero between runs: weights are added only where
  // the whole query matches, and zeroed again as they are read. Clearing (and
  // page-faulting) a fresh array per query cost more than a short query's match.
  thread_local std::vector<double> weights;
  thread_local bool dirty = false;  // a run stopped before it zeroed its weights
  if (dirty) std::fill(weights.begin(), weights.end(), 0.0);
  if (weighted && weights.size() <= evaluator.last()) weights.resize(evaluator.last() + 1);
  dirty = weighted;
  Matches matches = evaluator.eval(query, weighted ? &weights : nullptr, nullptr);
  if (!matches || evaluator.timed_out()) return std::nullopt;
  LocalMatch out;
  out.count_ = matches->count();
  if (weighted) {
    out.matches_.reserve(out.count_);
    matches->for_each([&](Xapian::docid d) {
      out.matches_.emplace_back(weights[d], d);
      weights[d] = 0;
    });
  }
  dirty = false;
  return out;
}

std::vector<LocalMatch::Weighted> LocalMatch::top(std::size_t k) {
  k = std::min(k, matches_.size());
  if (k > sorted_) {
    std::partial_sort(matches_.begin(), matches_.begin() + k, matches_.end(), Better());
    sorted_ = k;
  }
  return {matches_.begin(), matches_.begin() + k};
}

}  // namespace naba::detail
