// Counting matches from posting bitmaps (searcher/local_match.h): the same
// count as Xapian's own match, on random queries over a random index.
#include <doctest/doctest.h>
#include <xapian.h>

#include <random>
#include <string>
#include <vector>

#include "searcher/local_match.h"

namespace {

using Q = Xapian::Query;

const std::vector<std::string> kTerms = {"a", "b", "c", "d", "e", "f", "g", "h"};

// Documents holding each term with its own probability; some deleted, so
// docids have gaps.
Xapian::WritableDatabase random_index(std::mt19937& rng) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int d = 0; d < 600; ++d) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (int w = 0; w < 6; ++w)
      for (std::size_t t = 0; t < kTerms.size(); ++t)
        if (rng() % 200 < 2 + 4 * t) doc.add_posting(kTerms[t], ++pos);
    doc.add_value(0, std::to_string(d % 10));
    db.add_document(doc);
  }
  for (Xapian::docid d = 3; d < 600; d += 17) db.delete_document(d);
  return db;
}

// Terms, phrases of two terms and date-like value ranges, combined. No phrase
// under AND_MAYBE or SYNONYM: Xapian checks those loosely, and its own count
// of one such query differed between a debug and a release build.
Q random_query(std::mt19937& rng, int depth, bool phrases = true) {
  if (depth == 0 || rng() % 3 == 0) {
    const std::string& t = kTerms[rng() % kTerms.size()];
    if (rng() % 6 == 0 && phrases) {
      const std::vector<Q> words = {Q(t), Q(kTerms[rng() % kTerms.size()])};
      return Q(Q::OP_PHRASE, words.begin(), words.end());
    }
    if (rng() % 6 == 0) return Q(Q::OP_VALUE_GE, 0, std::to_string(rng() % 10));
    return Q(t);
  }
  static const Q::op ops[] = {Q::OP_OR,     Q::OP_AND,       Q::OP_AND_NOT,
                              Q::OP_FILTER, Q::OP_AND_MAYBE, Q::OP_SYNONYM};
  const Q::op op = ops[rng() % std::size(ops)];
  std::vector<Q> subs;
  const bool loose = op == Q::OP_AND_MAYBE || op == Q::OP_SYNONYM;
  for (unsigned i = 0, n = 2 + rng() % 3; i < n; ++i)
    subs.push_back(random_query(rng, depth - 1, phrases && !loose));
  Q q(op, subs.begin(), subs.end());
  return rng() % 5 == 0 ? Q(Q::OP_SCALE_WEIGHT, q, 2.0) : q;
}

Xapian::doccount xapian_count(const Xapian::Database& db, const Q& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  REQUIRE(mset.get_matches_lower_bound() == mset.get_matches_upper_bound());
  return mset.get_matches_estimated();
}

const naba::detail::Deadline kNoDeadline(0);

// Xapian's best @p k, with their BM25 weights.
std::vector<std::pair<double, Xapian::docid>> xapian_top(const Xapian::Database& db, const Q& q,
                                                         unsigned k) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(naba::detail::BM25Params{}.xapian());
  Xapian::MSet mset = enquire.get_mset(0, k);
  std::vector<std::pair<double, Xapian::docid>> out;
  for (auto m = mset.begin(); m != mset.end(); ++m) out.emplace_back(m.get_weight(), *m);
  return out;
}

}  // namespace

TEST_CASE("counts from posting bitmaps equal Xapian's on random queries") {
  std::mt19937 rng(7);
  auto db = random_index(rng);
  int nonzero = 0;
  for (int i = 0; i < 500; ++i) {
    const Q q = random_query(rng, 3);
    const auto counted = naba::detail::count_matches(db, q, kNoDeadline);
    REQUIRE(counted.has_value());
    const auto expected = xapian_count(db, q);
    CHECK_MESSAGE(*counted == expected, q.get_description());
    nonzero += expected > 0;
  }
  CHECK(nonzero > 250);  // the queries are not all trivially empty
}

TEST_CASE("match-all, match-nothing and absent terms") {
  std::mt19937 rng(8);
  auto db = random_index(rng);
  CHECK(naba::detail::count_matches(db, Q::MatchAll, kNoDeadline) == db.get_doccount());
  CHECK(naba::detail::count_matches(db, Q::MatchNothing, kNoDeadline) == 0u);
  CHECK(naba::detail::count_matches(db, Q("absent"), kNoDeadline) == 0u);
  CHECK(naba::detail::count_matches(db, Q(Q::OP_OR, Q("absent"), Q("a")), kNoDeadline) ==
        db.get_termfreq("a"));
}

TEST_CASE("a passed deadline gives no count rather than a wrong one") {
  std::mt19937 rng(10);
  auto db = random_index(rng);
  const naba::detail::Deadline passed(1);
  while (!passed.passed()) {
  }
  CHECK_FALSE(naba::detail::count_matches(db, Q(Q::OP_OR, Q("a"), Q("b")), passed));
}

TEST_CASE("weights and order equal Xapian's BM25 match on random queries") {
  std::mt19937 rng(11);
  auto db = random_index(rng);
  const naba::detail::LengthNorms norms(db, {});
  int compared = 0;
  for (int i = 0; i < 1000; ++i) {
    const Q q = random_query(rng, 3);
    auto local = naba::detail::LocalMatch::run(db, q, kNoDeadline, &norms);
    if (!local) continue;  // SCALE_WEIGHT, SYNONYM and AND_MAYBE are Xapian's to weigh
    ++compared;
    const auto expected = xapian_top(db, q, 30);
    const auto got = local->top(30);
    REQUIRE(got.size() == expected.size());
    for (std::size_t r = 0; r < got.size(); ++r) {
      CHECK(got[r].first == doctest::Approx(expected[r].first).epsilon(1e-12));
      // the same document, unless its weight ties with a neighbour's (sums in another order)
      const bool tie =
          (r > 0 && std::abs(expected[r].first - expected[r - 1].first) < 1e-9) ||
          (r + 1 < got.size() && std::abs(expected[r].first - expected[r + 1].first) < 1e-9);
      if (!tie) CHECK_MESSAGE(got[r].second == expected[r].second, q.get_description());
    }
  }
  CHECK(compared > 300);
}

TEST_CASE("a weighted match refuses what Xapian weighs otherwise") {
  std::mt19937 rng(12);
  auto db = random_index(rng);
  const naba::detail::LengthNorms norms(db, {});
  for (const Q& q : {Q(Q::OP_SCALE_WEIGHT, Q("a"), 2.0), Q(Q::OP_AND_MAYBE, Q("a"), Q("b")),
                     Q(Q::OP_SYNONYM, Q("a"), Q("b"))}) {
    CHECK_FALSE(naba::detail::LocalMatch::run(db, q, kNoDeadline, &norms));
    CHECK(naba::detail::LocalMatch::run(db, q, kNoDeadline, nullptr)->count() ==
          xapian_count(db, q));
  }
}
