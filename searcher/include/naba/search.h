/** @file search.h
 *  Searching a naba index: articles ranked by their best passages, with every
 *  match highlighted in the original text.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace naba {

enum class SortOrder { relevance, date };

struct SearchOptions {
  std::size_t limit = 10;
  std::size_t offset = 0;
  /** Best passages to return per article. */
  std::size_t passages = 1;
  /** Only articles from this source (as given in the corpus, case-insensitive). */
  std::string source;
  /** Only articles dated on or after / on or before, YYYY-MM-DD (empty: no bound). */
  std::string since, until;
  SortOrder sort = SortOrder::relevance;
  /** Show every article of a story (wire copies, re-publications), not one per story. */
  bool all_duplicates = false;
  /** Only articles whose ingest number (the order they were indexed in) is
   *  above ingested_after and, unless 0, at most ingested_through: one batch. */
  std::uint64_t ingested_after = 0, ingested_through = 0;
};

/** A highlighted match: byte range [start, end) in the passage text. */
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
};

struct PassageHit {
  /** Passage number within its article (0-based). */
  std::size_t index = 0;
  /** Body paragraph (0-based, body split on '\n') holding most of the passage. */
  std::size_t paragraph = 0;
  /** The passage exactly as in the article. */
  std::string text;
  double score = 0;
  std::vector<Span> highlights;
};

struct SearchResult {
  std::size_t rank = 0;  ///< 1-based, counting from the first result (offset included)
  std::string id, title, date, source, url;
  /** The article's score: that of its best passage. */
  double score = 0;
  /** Other articles of the same story (shown once unless all_duplicates). */
  std::size_t duplicates = 0;
  std::vector<PassageHit> passages;
};

struct SearchResults {
  std::string query;
  /** Matching articles (an estimate when very many match). */
  std::size_t total = 0;
  std::vector<SearchResult> results;
};

namespace detail {
struct SearcherAccess;  // searcher_detail.h: searches restricted by a Xapian query
}

/** Searches one index (a folder, or a Xapian stub file listing shards).
 *  Not thread-safe: one Searcher per thread. Each search sees the latest
 *  commit; a writer committing meanwhile never makes a search fail. */
class Searcher {
 public:
  /** Throws Error(not_found) when there is no index at @p path. */
  explicit Searcher(const std::string& path);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  /** Runs @p query. Throws Error(bad_query) with a message for a query that
   *  does not parse, Error(bad_argument) for bad options. */
  SearchResults search(std::string_view query, const SearchOptions& options = {});

 private:
  friend struct detail::SearcherAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/** The code-point offset of byte @p byte in UTF-8 @p text. */
std::size_t codepoint_offset(std::string_view text, std::size_t byte);

}  // namespace naba
