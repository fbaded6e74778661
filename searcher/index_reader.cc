#include "searcher/index_reader.h"

#include <algorithm>
#include <filesystem>

#include "common/read_retry.h"
#include "common/schema.h"
#include "common/xapian_error.h"
#include "naba/error.h"

namespace naba::detail {
namespace {

std::string shard_error(const stub_file::Shard& shard, const Xapian::Error& e) {
  return "shard '" + shard.name + "' is unavailable: " + e.get_msg() +
         (e.get_context().empty() ? "" : " (" + e.get_context() + ")") +
         (e.get_error_string() ? std::string(": ") + e.get_error_string() : "") + "; ";
}

// Opened and its format checked, again if a commit lands between the two.
Xapian::Database open_checked(const std::string& path) {
  return xapian_error::with_translated_errors("opening index " + path, [&] {
    return schema::retry_read(
        [&] {
          Xapian::Database db = schema::open_reader(path);
          schema::check_format(db, path);
          return db;
        },
        [] {});
  });
}

}  // namespace

IndexReader::IndexReader(const std::string& path) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(Error::Code::not_found, "no index at " + path);
  if (auto stub = stub_file::stub_of(path))  // a stub file, or a folder of shards
    shards_ = stub_file::read(path_ = *stub);
  if (!shards_.empty()) return;  // shards are opened by the first search
  parts_ = {db_ = open_checked(path)};
  opened_ = true;
}

void IndexReader::open(bool partial) {
  if (!opened_) open_shards(partial);
}

void IndexReader::reopen_shards(bool partial) {
  opened_ = false;
  open_shards(partial);
}

void IndexReader::open_afresh() {
  if (sharded())
    opened_ = false;  // the next search opens them again
  else
    parts_ = {db_ = open_checked(path_)};
}

void IndexReader::open_shards(bool partial) {
  Xapian::Database all;
  std::string down;
  missing_.clear();
  parts_.clear();
  for (const auto& shard : shards_) {
    try {
      Xapian::Database one = stub_file::open_shard(shard);
      schema::check_format(one, shard.name);
      all.add_database(one);
      parts_.push_back(one);
    } catch (const Xapian::Error& e) {
      missing_.push_back(shard.name);
      down += shard_error(shard, e);
    }
  }
  if (!missing_.empty() && (!partial || missing_.size() == shards_.size()))
    throw Error(Error::Code::io,
                down + (partial ? "no shard of " + path_ + " answers"
                                : "search the shards that answer with SearchOptions::partial"));
  db_ = all;
  opened_ = true;
}

PhraseModes IndexReader::phrases() const {
  bool remote = std::any_of(shards_.begin(), shards_.end(), [](auto& s) { return s.remote(); });
  return phrases_in(db_, remote);
}

}  // namespace naba::detail
