// The one story matcher: a new article joins the story of an indexed article
// whose MinHash signature nearly matches (minhash::same_story), looking at no
// more than 16 articles per LSH band; else it starts its own story (its id).
// Every way of indexing finds stories through it, as one index holding all
// the articles would.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/minhash.h"

namespace naba::indexer {

class StoryFinder {
 public:
  /** Index::add: the articles are those of the writer's own database @p db,
   *  which sees its writes before they are committed; nothing is kept here.
   *  An article re-indexed must be deleted from it before story_of(). */
  static StoryFinder of_writer(const Xapian::Database& db);

  /** Index::add_all, on the analysis thread so that the writer never reads:
   *  the index's earlier articles are looked up in a reader of @p path as
   *  committed, and this run's articles are kept here until
   *  forget_committed() (a reader that lost its revision to the writer's
   *  commits reopens: the articles of this run that it then sees are skipped
   *  while kept here). */
  static StoryFinder of_committed(const std::string& path);

  /** index_sharded: the shards' earlier articles' signatures are loaded now
   *  (a reader kept open across the shards' commits would lose its
   *  revision), and this run's articles are kept here. */
  static StoryFinder of_shards(const std::vector<std::string>& shard_paths);

  /** of_committed: the first @p n articles of this run (in story_of order)
   *  are committed; the reader is brought up to date and they are forgotten
   *  here, so memory holds only what the writer has not committed yet. */
  void forget_committed(std::size_t n);

  /** of_committed: whether no article with @p id was indexed before (a
   *  shard's earlier articles are not all known here). Ask before story_of(). */
  bool is_new(const std::string& id);

  /** The story of article @p id (with @p signature, if it has words), which
   *  replaces any earlier article with that id. */
  std::string story_of(const std::string& id, const std::optional<minhash::Signature>& signature);

 private:
  static constexpr std::size_t kLooked = 16;
  static constexpr std::uint32_t kNone = UINT32_MAX;  // an article without a signature
  struct Seen {
    minhash::Signature signature;
    std::string story, id;
    std::size_t seq;  // its story_of call in this run
    bool replaced = false;
  };
  std::string path_;                         // of_committed: the index, to read it afresh
  bool remembers_ = true;                    // false for of_writer: its database sees all
  std::optional<Xapian::Database> indexed_;  // the articles indexed before (of_writer: all)
  std::size_t calls_ = 0, forgotten_ = 0;
  std::deque<std::pair<std::size_t, std::string>> recent_;  // (seq, id) not yet forgotten
  std::vector<Seen> seen_;
  // Every id of this run (and a shard's earlier ones) → its latest entry in seen_, or kNone.
  std::unordered_map<std::string, std::uint32_t> latest_;
  std::unordered_map<std::size_t, std::vector<std::uint32_t>> bands_;

  StoryFinder() = default;
  void remember_bands(std::uint32_t article);
  template <typename F>
  auto reading(F f) -> decltype(f());
  std::string find_indexed(const std::string& term, const minhash::Signature& sig,
                           std::size_t& looked);
  std::string find(const std::string& id, const minhash::Signature& sig);
};

}  // namespace naba::indexer
