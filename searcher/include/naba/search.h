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

#include "naba/export.h"

namespace naba {

/** How results are ordered: by score, or newest first. */
enum class SortOrder { relevance, date };

/** What to return and which articles qualify. */
struct SearchOptions {
  /** Results per page (at least 1). */
  std::size_t limit = 10;
  /** Results to skip: offset = limit * page gives later pages. */
  std::size_t offset = 0;
  /** Best passages to return per article. */
  std::size_t passages = 1;
  /** Only articles from this source (as given in the corpus, case-insensitive). */
  std::string source{};
  /** Only articles of this category (the corpus's "category", case-insensitive). */
  std::string category{};
  /** Only articles dated on or after / on or before, YYYY-MM-DD (empty: no bound). */
  std::string since{}, until{};
  /** Order of the results. */
  SortOrder sort = SortOrder::relevance;
  /** Show every article of a story (wire copies, re-publications), not one per story. */
  bool all_duplicates = false;
  /** Over a sharded index: when a shard is down, search the others (results
   *  then list it in SearchResults::missing_shards) instead of failing. */
  bool partial = false;
  /** Only articles whose ingest number (the order they were indexed in) is
   *  above ingested_after and, unless 0, at most ingested_through: one batch.
   *  Ingest numbers grow with Xapian document ids, so a batch is searched as
   *  one document id range (fast however large the index). */
  std::uint64_t ingested_after = 0, ingested_through = 0;
  /** Look for a newer commit before searching. False: search the revision
   *  that the Searcher last saw, e.g. when many searches share one batch of
   *  new articles (a batch belongs to a commit already seen). */
  bool reopen = true;
  /** Facets to count over every matching article, not only the page:
   *  "source", "category", "date:day", "date:month", "date:year" ("date" is
   *  date:month). Throws Error(bad_argument) for another name. */
  std::vector<std::string> facets{};
  /** The longest the search may take, in milliseconds (0: no limit): the
   *  match stops there (Xapian's time limit, and naba's phrase checks) and
   *  naba's own passes (ranking, highlighting, fetching more, counting) stop,
   *  with SearchResults::cut_short set; the results are those ranked in time. */
  unsigned time_limit_ms = 0;
  /** A word of the query that no article holds and that news does not write
   *  (a typo: الصرطان; two words run together: الاسكندرالاكبر) is searched as
   *  the nearest word news writes and the index holds, and told in
   *  SearchResults::corrections. Only search() with the query's text does
   *  this; a quoted word, an excluded one or a parsed Query is searched as
   *  written. */
  bool correct = true;
};

/** A highlighted match: byte range [start, end) in the passage text. */
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
};

/** One passage of a result, with its matches. */
struct PassageHit {
  /** Passage number within its article (0-based). */
  std::size_t index = 0;
  /** Body paragraph (0-based, body split on '\n') holding most of the passage. */
  std::size_t paragraph = 0;
  /** The passage exactly as in the article. */
  std::string text{};
  /** The passage's score: BM25, lead-weighted, scaled by its query coverage,
   *  plus its article's BM25 (docs/ranking.md). */
  double score = 0;
  /** The words that matched the query, in order, as byte ranges of text. */
  std::vector<Span> highlights{};
};

/** One matching article. */
struct SearchResult {
  std::size_t rank = 0;  ///< 1-based, counting from the first result (offset included)
  /** The article's fields as indexed. */
  std::string id{}, title{}, date{}, source{}, url{};
  /** The article's score: that of its best passage. Its passages are listed
   *  by score. */
  double score = 0;
  /** Other articles of the same story (shown once unless all_duplicates). */
  std::size_t duplicates = 0;
  /** Its best passages, best first (SearchOptions::passages of them; at least one). */
  std::vector<PassageHit> passages{};
  /** The article's ingest number: the order it was indexed in (0 for an
   *  article indexed before ingest numbers existed). */
  std::uint64_t ingest = 0;
};

/** One value of a facet and the matching articles that have it. */
struct FacetCount {
  /** A source or category as indexed, or a date bucket: YYYY-MM-DD, YYYY-MM or YYYY. */
  std::string value{};
  std::size_t count = 0;
};

/** Counts of the matching articles by one field (SearchOptions::facets). */
struct Facet {
  /** As asked: "source", "category", "date:day", "date:month" or "date:year". */
  std::string name{};
  /** Sources and categories by count (most first), dates in order (oldest first); articles
   *  without the field are not counted. */
  std::vector<FacetCount> counts{};
  /** False when the time limit (SearchOptions::time_limit_ms) stopped the
   *  count before every matching article was seen. */
  bool complete = true;
};

/** A query word found in no article, and what was searched in its place. */
struct Correction {
  /** The word as written in the query. */
  std::string word{};
  /** The nearest word the index holds (normalised: ة written ه, ى written ي),
   *  or two words when the query ran them together. */
  std::string searched{};
};

/** A page of results. */
struct SearchResults {
  /** The query as given. */
  std::string query{};
  /** Matching articles: exact when total_exact (always, unless a time limit
   *  cut the search short), else Xapian's estimate. */
  std::size_t total = 0;
  bool total_exact = true;
  /** The page: at most SearchOptions::limit articles, best first. */
  std::vector<SearchResult> results{};
  /** Shards that did not answer (only with SearchOptions::partial): the
   *  results are partial when this is not empty. */
  std::vector<std::string> missing_shards{};
  /** What the query meant other than as written, one message each: e.g. a
   *  word before a colon that is no field (`url:x`) was searched as words.
   *  Field names are case-insensitive (`Title:` is `title:`). */
  std::vector<std::string> warnings{};
  /** Words of the query searched as another word (SearchOptions::correct),
   *  each also told in warnings. */
  std::vector<Correction> corrections{};
  /** One per SearchOptions::facets, in that order. */
  std::vector<Facet> facets{};
  /** True when SearchOptions::time_limit_ms cut the search short: the
   *  results, total and facets are then what was found in time. */
  bool cut_short = false;
};

/** A query parsed once (Searcher::parse) to be searched many times, e.g. a
 *  saved alert over each batch of new articles. Copies share the parse: like
 *  a Searcher, use a Query in one thread at a time. A Query parsed by the
 *  Searcher of a sharded index (with that index's aliases) may also be
 *  searched by Searchers of its local shards (shards_of), as alerts do. */
class NABA_API Query {
 public:
  ~Query();
  Query(const Query&);
  Query(Query&&) noexcept;
  Query& operator=(const Query&);
  Query& operator=(Query&&) noexcept;

  /** The query as written. */
  const std::string& text() const;

 private:
  friend class Searcher;
  struct Impl;
  explicit Query(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

/** Passages analysed for highlighting, shared by the Searchers of several
 *  threads over one index (Searcher::share_analyses): saved alerts highlight
 *  the same new passages for many queries. Thread-safe; copies share one cache. */
class NABA_API PassageAnalysisCache {
 public:
  PassageAnalysisCache();
  ~PassageAnalysisCache();
  PassageAnalysisCache(const PassageAnalysisCache&);
  PassageAnalysisCache& operator=(const PassageAnalysisCache&);

 private:
  friend class Searcher;
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/** Searches one index: a folder, a Xapian stub file listing shards (local or
 *  remote, served by xapian-tcpsrv; see docs/scaling.md), or a folder made by
 *  `naba index --shards` (its shards.stub). A shard that is down makes a
 *  search throw Error(io) naming it, unless SearchOptions::partial.
 *
 *  Each search() sees the index as of the latest commit when it starts (the
 *  Searcher reopens the index first, unless SearchOptions::reopen is false),
 *  so new commits are picked up without making a new Searcher. A writer
 *  committing during a search never makes it fail: the search is retried on
 *  the newer revision.
 *
 *  Thread safety: not thread-safe; one Searcher per thread. Any number of
 *  Searchers, in any threads or processes, may search one index while one
 *  Index writes to it. A Searcher may be moved to another thread.
 */
class NABA_API Searcher {
 public:
  /** Throws Error(not_found) when there is no index at @p path. */
  explicit Searcher(const std::string& path);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  /** Runs @p query, written in naba's query language (words, "phrases",
   *  AND OR NOT -word, parentheses, title: source: date:A..B; see
   *  docs/usage.md). Throws Error(bad_query) with a message for a query that
   *  does not parse, Error(bad_argument) for bad options, Error(io) if the
   *  index cannot be read. */
  SearchResults search(std::string_view query, const SearchOptions& options = {});

  /** @p query parsed for this index (its aliases, its way of matching
   *  phrases), to search many times. Throws Error(bad_query) like search().
   *  Like may_match, it looks at what the Searcher last saw (aliases
   *  included): the latest commit as of its construction or its last call
   *  that looks for one (search, last_ingest, index_uuid). */
  Query parse(std::string_view query);

  /** Runs a parsed @p query: the same results as search() with its text,
   *  its words searched as written (SearchOptions::correct does not apply:
   *  a saved alert waits for words no article holds yet). */
  SearchResults search(const Query& query, const SearchOptions& options = {});

  /** False only when a search of @p query with @p options surely finds
   *  nothing, because a term it needs occurs in no article of the batch
   *  (SearchOptions::ingested_after, ingested_through) or of the source: a
   *  cheap check before many searches of one batch (term lookups are kept per
   *  batch until the next commit is seen). Looks at the revision last seen. */
  bool may_match(const Query& query, const SearchOptions& options);

  /** The ingest number of the last article indexed, as of the latest commit
   *  (0 when none is numbered). */
  std::uint64_t last_ingest();

  /** The index's UUID, as of the latest commit: a rebuilt index has a new one
   *  (and numbers its articles from 1 again). */
  std::string index_uuid();

  /** As of the latest commit, a warning when the index (or one of its shards)
   *  was made by another version of the analyzer (Analyzer::version()): its
   *  articles keep that analysis's terms, so a word analysed differently
   *  since may miss them. Empty otherwise. Every search's warnings start with
   *  it. */
  std::string analysis_warning();

  /** Lets this Searcher use and fill @p cache when it highlights a passage. */
  void share_analyses(const PassageAnalysisCache& cache);

  /** Throws what search() would for @p query and @p options (Error(bad_query),
   *  Error(bad_argument)) without an index: to check them before saving them. */
  static void check(std::string_view query, const SearchOptions& options = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/** One shard of a sharded index (shards_of). */
struct ShardInfo {
  /** Its line in the stub file, for messages: "auto shard-0", "remote tcp HOST PORT". */
  std::string name{};
  /** A local shard's folder (a Searcher opens it as an index of its own);
   *  empty for a remote shard, served by xapian-tcpsrv. */
  std::string path{};
};

/** The shards of the index at @p path, in the order of its stub file (stubs
 *  listed in it are followed): for a folder made by `naba index --shards` or a
 *  stub file; empty for one index. Throws Error(bad_argument) for a stub line
 *  it cannot read. */
NABA_API std::vector<ShardInfo> shards_of(const std::string& path);

/** The code-point offset of byte @p byte in UTF-8 @p text. */
NABA_API std::size_t codepoint_offset(std::string_view text, std::size_t byte);

}  // namespace naba
