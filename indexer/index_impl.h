// Index's writer (private to indexer/): one Xapian database written between
// commits, shared by Index's methods, its add_all pipeline and the shard
// writers of index_sharded.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "common/xapian_error.h"
#include "indexer/document_builder.h"
#include "indexer/story_finder.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/index.h"

namespace naba {

// Writing: every failure becomes naba::Error (common/xapian_error.h). A
// failed write commits nothing: the index keeps its last commit.
template <typename F>
auto translate_errors(const std::string& path, F f) -> decltype(f()) {
  return xapian_error::with_translated_errors(
      "writing index " + path + " (the index keeps its last commit)", f);
}

struct Index::Impl {
  std::string path;
  Options options;
  Xapian::WritableDatabase db;
  Analyzer analyzer;
  IndexProgress counts;
  std::size_t since_commit = 0;
  // What the next commit writes of values (make_room_for_values), about: the
  // documents' own, and for each article deleted the value chunks that held
  // its passages, rewritten.
  std::size_t value_bytes = 0;
  static constexpr std::size_t kValuesRewrittenPerDelete = 64 << 10;
  bool broken = false;                            // a write failed: commit nothing more
  std::uint64_t ingest = 0;                       // the last ingest number given (schema::kIngest)
  std::uint64_t passages = 0, passage_words = 0;  // as committed in the metadata, and since
  indexer::Positions positions;                   // which words are indexed with positions
  std::optional<indexer::StoryFinder> stories;    // for add(): in db as written

  /** Opens (or creates) the index at @p p; throws Error(locked) if another
   *  writer holds it. */
  Impl(const std::string& p, Options o);

  /** Writes @p p, replacing the article with its id. @p known_story: the
   *  story already found (add_all, sharded indexing), else looked up here.
   *  @p known_new: no article with this id is indexed (nothing to replace). */
  void write(indexer::Prepared& p, const std::string* known_story = nullptr,
             bool known_new = false);

  /** Runs a write; a failed write leaves the writer broken: a failed flush
   *  may have left half an article pending, so nothing more may be
   *  committed. */
  template <typename F>
  auto guarded(F f) -> decltype(f()) {
    if (broken)
      throw Error(Error::Code::io,
                  "index " + path + " had a write error; nothing after its last commit is kept");
    try {
      return translate_errors(path, f);
    } catch (const Error& e) {
      if (e.code() == Error::Code::io) broken = true;  // not for a bad article
      throw;
    }
  }

  /** Deletes the article with Q term @p id_term. */
  void remove(const std::string& id_term);

  /** Commits what is pending, if the disk has room for it. */
  void commit();

 private:
  void make_room_for_values();
};

}  // namespace naba
