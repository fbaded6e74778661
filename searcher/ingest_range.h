// Batches of articles by ingest number, as document id ranges: ids grow with
// the ingest order, so the articles indexed in (after, through] are one id
// range, which every posting list can skip straight to (saved alerts search
// such a batch with thousands of queries).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

namespace naba::detail {

/** The first document of an article with an ingest number above @p n (one
 *  past the last document if there is none). Documents indexed before ingest
 *  numbers existed have none and are skipped. */
Xapian::docid first_after(const Xapian::Database& db, std::uint64_t n);

/** Documents [first, last] of one batch, and which terms occur in it. */
class IngestRange {
 public:
  /** The articles of @p db with ingest numbers in (@p after, @p through]
   *  (@p through 0: no upper bound). */
  IngestRange(const Xapian::Database& db, std::uint64_t after, std::uint64_t through);

  /** A query matching exactly the batch's documents (unweighted). */
  Xapian::Query filter() const;

  /** Whether some document of the batch has @p term (looked up once). */
  bool has_term(const std::string& term);

  /** False only when @p q cannot match in the batch because a term it needs
   *  is absent: AND-like operators need every operand, OR-like ones any.
   *  Anything else (value ranges, wildcards, match-all) may match. */
  bool may_match(const Xapian::Query& q);

 private:
  Xapian::Database db_;
  Xapian::docid first_, last_;
  std::unordered_map<std::string, bool> has_;
};

/** The batches searched since the last reopen, by (after, through): many
 *  searches share one batch and its term lookups. */
class IngestRanges {
 public:
  explicit IngestRanges(const Xapian::Database& db) : db_(db) {}
  IngestRange& get(std::uint64_t after, std::uint64_t through);
  /** After a reopen: the ranges may have grown. */
  void forget() { ranges_.clear(); }

 private:
  const Xapian::Database& db_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, IngestRange> ranges_;
};

}  // namespace naba::detail
