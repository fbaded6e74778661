// Counting matches from posting bitmaps (searcher/match_count.h): the same
// count as Xapian's own match, on random queries over a random index.
#include <doctest/doctest.h>
#include <xapian.h>

#include <random>
#include <string>
#include <vector>

#include "searcher/match_count.h"

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

// Terms, phrases of two terms and date-like value ranges, combined.
Q random_query(std::mt19937& rng, int depth) {
  if (depth == 0 || rng() % 3 == 0) {
    const std::string& t = kTerms[rng() % kTerms.size()];
    if (rng() % 6 == 0) {
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
  for (unsigned i = 0, n = 2 + rng() % 3; i < n; ++i) subs.push_back(random_query(rng, depth - 1));
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
