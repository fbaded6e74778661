// The index a Searcher reads: one local database, or the shards of a stub
// file, opened by the first search; a shard that is down is an error naming
// it, or (a partial search) is left out and listed.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/stub_file.h"
#include "searcher/query_parser.h"

namespace naba::detail {

class IndexReader {
 public:
  /** Throws Error(not_found) when there is no index at @p path. */
  explicit IndexReader(const std::string& path);

  /** The database; valid (and the same object) for the reader's life. */
  const Xapian::Database& db() const { return db_; }
  bool sharded() const { return !shards_.empty(); }
  /** Some shard is remote (xapian-tcpsrv): reading its postings here costs a
   *  round trip each. */
  bool remote() const {
    return std::any_of(shards_.begin(), shards_.end(), [](auto& s) { return s.remote(); });
  }
  /** Shards left out of db() by a partial search. */
  const std::vector<std::string>& missing() const { return missing_; }

  /** Opens the shards if they are not open (@p partial: leaving out those
   *  that are down, unless all are). */
  void open(bool partial);
  /** Opens every shard again (one went away). */
  void reopen_shards(bool partial);
  /** Looks for a newer commit; true if there is one. */
  bool reopen() { return db_.reopen(); }
  /** After a read error: a new reader. Database::reopen() keeps the old one,
   *  and its cursors, while no newer commit has landed. */
  void open_afresh();

  /** Its parts: the one database, or each shard that answers (their metadata
   *  add up to the index's). */
  const std::vector<Xapian::Database>& parts() const { return parts_; }

  /** How this index matches phrases (query_parser.h). */
  PhraseModes phrases() const;

 private:
  void open_shards(bool partial);

  std::string path_;
  std::vector<stub_file::Shard> shards_;  // from a stub file; empty for one local index
  std::vector<std::string> missing_;      // shards left out of db_
  bool opened_ = false;
  Xapian::Database db_;
  std::vector<Xapian::Database> parts_;
};

}  // namespace naba::detail
