// A query's way: text → analyzer → Xapian query → candidate articles (by
// their BM25) → their passages ranked (PassageRanker) → highlights on the
// original passage text.
#include <xapian.h>

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "common/read_retry.h"
#include "common/schema.h"
#include "common/stored_article.h"
#include "common/xapian_error.h"
#include "naba/aliases.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/search.h"
#include "searcher/analysis_cache.h"
#include "searcher/deadline.h"  // naba serve: bounded cost
#include "searcher/facets.h"    // naba serve: facets
#include "searcher/highlight.h"
#include "searcher/index_reader.h"
#include "searcher/ingest_range.h"
#include "searcher/local_match.h"
#include "searcher/names.h"
#include "searcher/passage_ranker.h"
#include "searcher/query_parser.h"

namespace naba {

struct Query::Impl {
  std::string text;
  detail::ParsedQuery parsed;
};

Query::Query(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Query::~Query() = default;
Query::Query(const Query&) = default;
Query::Query(Query&&) noexcept = default;
Query& Query::operator=(const Query&) = default;
Query& Query::operator=(Query&&) noexcept = default;
const std::string& Query::text() const {
  return impl_->text;
}

PassageAnalysisCache::PassageAnalysisCache() : impl_(std::make_shared<Impl>()) {}
PassageAnalysisCache::~PassageAnalysisCache() = default;
PassageAnalysisCache::PassageAnalysisCache(const PassageAnalysisCache&) = default;
PassageAnalysisCache& PassageAnalysisCache::operator=(const PassageAnalysisCache&) = default;

namespace {

using detail::ParsedQuery;

// Candidate articles, in the order of their BM25, are ranked by their
// passages in windows of this many: the first window gives the first results,
// the next window the results after them, and so on. Every page is cut from
// that one order, whatever its offset and size; a pool sized by the page
// (three candidates per result) put some articles on both page 1 and page 2.
// Larger windows cost time and gained nothing on the dev sets (docs/ranking.md).
constexpr Xapian::doccount kRankWindow = 40;

// Matching articles are counted while ranking up to this many; beyond,
// count_exactly() counts them.
constexpr Xapian::doccount kExactCount = 200;

// naba serve: candidates ranked even past the deadline, so that a search cut
// short in the match (which took all the time) still answers with a few.
constexpr std::size_t kRankedPastDeadline = 10;

// The article weight that picks candidates: BM25 with Xapian's k1 and b.
constexpr detail::BM25Params kArticleWeight{};

std::string checked_date(const std::string& date, const char* option) {
  if (date.empty()) return {};
  std::string v = schema::date_value(date);
  if (v.empty() || date.size() != 10)
    throw Error(Error::Code::bad_argument,
                std::string(option) + " takes a date as YYYY-MM-DD, got '" + date + "'");
  return v;
}

void check_options(const SearchOptions& o) {
  if (o.limit == 0 || o.passages == 0)
    throw Error(Error::Code::bad_argument, "limit and passages must be at least 1");
  checked_date(o.since, "since"), checked_date(o.until, "until");
  detail::check_facets(o.facets);  // naba serve: facets
}

// Drops the articles that an exclusion (-word, NOT word) matches. A query,
// not a MatchDecider: the remote backend (xapian-tcpsrv) runs queries but not
// deciders.
Xapian::Query without(const Xapian::Query& q, const std::vector<Xapian::Query>& excluded) {
  if (excluded.empty()) return q;
  return Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                       Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
}

bool in_one_batch(const SearchOptions& o) {
  return o.ingested_after > 0 || o.ingested_through > 0;
}

// Runs @p f, again after a read error (schema::retry_read) once @p afresh has
// opened a new reader, with Xapian errors as naba's.
template <typename F, typename G>
auto with_retries(const char* doing, F f, G afresh) {
  return xapian_error::with_translated_errors(doing, [&] {
    return schema::retry_read(f, [&] {
      try {
        afresh();
      } catch (const Xapian::DatabaseError&) {
        // the next attempt reports it
      }
    });
  });
}

// Searcher::analysis_warning: the first index part, with articles, made by
// another analyzer version.
std::string older_analysis(const std::vector<Xapian::Database>& parts) {
  for (const auto& part : parts) {
    if (part.get_doccount() == 0) continue;
    const std::string version = part.get_metadata(schema::kAnalyzerVersion);
    if (version == Analyzer::version()) continue;
    return (version.empty() ? std::string("the index was made before naba recorded its analyzer "
                                          "version")
                            : "the index was made with analyzer version " + version) +
           ", and this naba analyses with version " + Analyzer::version() +
           ": a word analysed differently since may miss the articles indexed then; index them "
           "again into a new folder to search them all with this analysis";
  }
  return {};
}

}  // namespace

struct Searcher::Impl {
  detail::IndexReader index;
  Analyzer analyzer;
  detail::ArticleCache articles;
  std::shared_ptr<detail::SharedAnalyses> shared;  // with other threads' Searchers
  std::optional<detail::CorpusStats> stats;        // of the revision searched
  std::optional<std::string> analysis_warning;     // of the revision searched
  std::optional<detail::LengthNorms> norms;        // of its documents, once it is searched again
  unsigned searches = 0;                           // of this revision
  detail::IngestRanges batches{index.db()};
  Aliases aliases;
  detail::NameTable names;

  explicit Impl(const std::string& p) : index(p), aliases(p), names(aliases, analyzer) {}

  // See the latest commit, before anything is read (the index's phrase mode
  // too), and the latest aliases (naba alias add/rm) for the queries parsed next.
  void reopen() {
    if (index.reopen()) forget_documents();
    if (aliases.refresh()) names = detail::NameTable(aliases, analyzer);
  }
  void forget_documents() {  // of the revision searched; articles keeps what it read
    norms.reset(), searches = 0;
    stats.reset();
    analysis_warning.reset();
    batches.forget();
  }
  void open_afresh() {  // after a read error: nothing read from the old reader is trusted
    forget_documents();
    articles.forget();
    index.open_afresh();
  }

  ParsedQuery parse(std::string_view text, bool correct = false) {  // SearchOptions::correct
    detail::HoldsTerm holds = [this](const std::string& t) { return index.db().term_exists(t); };
    return detail::parse_query(text, analyzer, names, index.phrases(), correct ? holds : nullptr);
  }

  // Runs @p search over the shards that answer, with out.missing_shards.
  template <typename Search>
  SearchResults over_shards(const SearchOptions& o, Search search) {
    if (!index.sharded()) return search();
    index.open(o.partial);
    SearchResults out;
    try {
      out = search();
    } catch (const Xapian::NetworkError&) {
      index.reopen_shards(o.partial);  // a shard went away: find which, then retry once
      out = search();
    }
    out.missing_shards = index.missing();
    return out;
  }

  Xapian::Query with_options(Xapian::Query q, const SearchOptions& o) {
    std::vector<Xapian::Query> filters;
    if (!o.source.empty()) filters.emplace_back(schema::source_term(o.source));
    if (!o.category.empty()) filters.emplace_back(schema::category_term(o.category));
    std::string since = checked_date(o.since, "since"), until = checked_date(o.until, "until");
    if (!since.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kDate, since);
    if (!until.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kDate, until);
    if (filters.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_FILTER, q,
                         Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }

  // The best candidate articles, by their BM25 (or newest first), and how
  // many articles match.
  struct Candidates {
    std::vector<std::pair<Xapian::docid, Xapian::Document>> best;
    Xapian::doccount total = 0;
    bool exact = false;
  };

  // From Xapian's match: remote shards, newest first, one batch (a few
  // postings of each term: its pruning wins there).
  Candidates matched_by_xapian(const Xapian::Query& q, const SearchOptions& o,
                               Xapian::doccount count, const detail::Deadline& deadline) {
    Xapian::Enquire enquire(index.db());
    enquire.set_query(q);
    enquire.set_weighting_scheme(kArticleWeight.xapian());
    if (o.sort == SortOrder::date) enquire.set_sort_by_value_then_relevance(schema::kDate, true);
    deadline.limit(enquire);  // naba serve
    Xapian::MSet mset = enquire.get_mset(0, count, std::max(count + 1, kExactCount));
    mset.fetch();  // one round trip per remote shard, not one per document
    Candidates out;
    for (auto it = mset.begin(); it != mset.end(); ++it)
      out.best.emplace_back(*it, it.get_document());
    out.total = mset.get_matches_estimated();
    out.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    return out;
  }

  // Whether to match without Xapian's matcher (detail::LocalMatch): over a
  // local index, ranked by relevance, not one batch (alerts), and from the
  // revision's second search (a one-off search would pay for the document
  // length norms alone).
  bool matches_locally(const SearchOptions& o) {
    if (index.remote() || o.sort != SortOrder::relevance || in_one_batch(o)) return false;
    if (++searches < 2) return false;
    if (!norms) norms.emplace(index.db(), kArticleWeight);
    return true;
  }

  // From one pass over the postings of a local index (detail::LocalMatch).
  Candidates matched_locally(detail::LocalMatch& match, Xapian::doccount count) {
    Candidates out;
    for (const auto& [weight, did] : match.top(count))
      out.best.emplace_back(did, index.db().get_document(did, Xapian::DOC_ASSUME_VALID));
    out.total = match.count();
    out.exact = true;
    return out;
  }

  // Xapian's estimate beyond what it ranked was more than 10% off for a third
  // of the latency set's queries that match over 200 articles (up to 98%), and
  // a third off for filters alone (date:..2015-12-31): matches are counted,
  // without weights, one pass over their postings (about 0.6 ms at p50 over
  // the shared corpus; docs/ranking.md).
  void count_exactly(const Xapian::Query& q, const detail::Deadline& deadline, SearchResults& out) {
    if (!index.remote())
      if (auto n = detail::count_matches(index.db(), q, deadline)) {
        out.total = *n, out.total_exact = true;
        return;
      }
    Xapian::Enquire enquire(index.db());
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    deadline.limit(enquire);
    Xapian::MSet mset = enquire.get_mset(0, 0, index.db().get_doccount());
    out.total = mset.get_matches_estimated();
    out.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  }

  // A candidate, its passages ranked.
  struct Candidate {
    Xapian::docid did;
    Xapian::Document doc;
    detail::ArticleCache::Article* article;
    detail::RankedArticle ranked;
  };

  // Past @p deadline, the candidates not yet ranked are left out, but for the
  // first few (@p cut_short set).
  std::vector<Candidate> ranked(const Candidates& candidates, const detail::PassageRanker& ranker,
                                bool by_score, const detail::Deadline& deadline, bool& cut_short) {
    std::vector<Candidate> out;
    for (const auto& [did, doc] : candidates.best) {
      if (out.size() >= kRankedPastDeadline && (cut_short = deadline.passed())) break;
      auto& article = articles.get(did, doc);
      out.push_back({did, doc, &article, ranker.rank(article.shape)});
    }
    // Equal scores are ordered by article id, never by docid: docids depend on
    // how the index is split into shards, results must not (docs/scaling.md).
    const auto better = [](const Candidate& a, const Candidate& b) {
      return a.ranked.score != b.ranked.score ? a.ranked.score > b.ranked.score
                                              : a.article->shape.id < b.article->shape.id;
    };
    if (by_score)  // window by window (kRankWindow)
      for (std::size_t from = 0; from < out.size(); from += kRankWindow) {
        const std::size_t to = std::min<std::size_t>(from + kRankWindow, out.size());
        std::stable_sort(out.begin() + from, out.begin() + to, better);
      }
    return out;
  }

  // A passage analysed, shared with other threads' Searchers if any.
  const std::vector<Token>& tokens(const Candidate& c, std::size_t passage, std::string_view text) {
    auto& tokens = c.article->tokens[passage];
    if (tokens) return *tokens;
    const auto key = detail::passage_key(c.did, passage);
    if (shared && (tokens = shared->find(articles.uuid(), key))) return *tokens;
    auto analysed = std::make_shared<std::vector<Token>>();
    analyzer.analyze(text, *analysed);
    if (shared) shared->add(articles.uuid(), key, analysed);
    tokens = std::move(analysed);
    return *tokens;
  }

  // Past @p deadline, passages are not analysed again for their highlights
  // (an article stored without its words then has none; @p cut_short set).
  SearchResult result(const Candidate& c, const ParsedQuery& parsed,
                      const detail::HighlightHashes& highlights, const SearchOptions& o,
                      const detail::Deadline& deadline, bool& cut_short) {
    const schema::ArticleShape& shape = c.article->shape;
    schema::StoredArticle& stored = articles.shown(*c.article, c.doc);
    const schema::StoredFields& fields = stored.fields();
    SearchResult r;
    r.id = fields.id, r.title = fields.title, r.date = fields.date, r.source = fields.source,
    r.url = fields.url;
    r.score = c.ranked.score;
    r.ingest = shape.ingest;
    if (!o.all_duplicates) {
      auto n = index.db().get_termfreq(std::string(schema::kStory) + shape.story);
      r.duplicates = n > 0 ? n - 1 : 0;
    }
    // Highlights from the stored word spans; a passage stored without its
    // words (too many) is analysed again.
    for (const auto& [number, score] : c.ranked.passages) {
      if (r.passages.size() == o.passages || number >= shape.passages.size()) break;
      const schema::PassageShape& p = shape.passages[number];
      const schema::StoredPassage& passage = stored.passage(number);
      PassageHit hit{number, p.paragraph, passage.text, score, {}};
      if (passage.has_spans && !shape.vocabulary.empty())
        hit.highlights = detail::highlight(p.words, passage.spans, shape.vocabulary, highlights);
      else if (!(cut_short = cut_short || deadline.passed()))  // naba serve: bounded cost
        hit.highlights = detail::highlight(tokens(c, number, hit.text), parsed);
      r.passages.push_back(std::move(hit));
    }
    return r;
  }

  SearchResults search(const ParsedQuery& parsed, std::string_view text, const SearchOptions& o) {
    check_options(o);
    // Another database (shards that stopped or started answering): its own
    // numbers and statistics, whether or not a new commit was seen.
    if (articles.read_from(index.db().get_uuid())) forget_documents();
    const detail::Deadline deadline(o.time_limit_ms);  // naba serve: bounded cost
    const detail::Deadline::OnThread in_phrases(deadline);
    const detail::ArticleCache::OnThread phrases_read(articles);
    Xapian::Query query = with_options(parsed.query, o);
    if (in_one_batch(o))
      query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                            batches.get(o.ingested_after, o.ingested_through).filter());
    query = without(query, parsed.excluded);
    if (!stats) stats = detail::CorpusStats::of(index.db(), index.parts());
    if (!analysis_warning) analysis_warning = older_analysis(index.parts());
    articles.bound();
    const detail::PassageRanker ranker(parsed, index.db(), *stats);
    const detail::HighlightHashes highlights(parsed);

    SearchResults out;
    out.query = std::string(text);
    if (!analysis_warning->empty()) out.warnings.push_back(*analysis_warning);
    out.warnings.insert(out.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
    out.corrections = parsed.corrections;
    // Rank windows of candidates until the page is full; with stories
    // folded, some articles are skipped, so fetch more if needed.
    const Xapian::doccount want = static_cast<Xapian::doccount>(o.offset + o.limit);
    Xapian::doccount fetch = (want + kRankWindow - 1) / kRankWindow * kRankWindow;
    std::optional<detail::LocalMatch> local;
    if (matches_locally(o)) local = detail::LocalMatch::run(index.db(), query, deadline, &*norms);
    for (;;) {
      const Candidates candidates =
          local ? matched_locally(*local, fetch) : matched_by_xapian(query, o, fetch, deadline);
      std::vector<Candidate> ranked =
          this->ranked(candidates, ranker, o.sort == SortOrder::relevance, deadline, out.cut_short);
      const bool exhausted = candidates.best.size() < fetch;
      out.total = candidates.total;
      out.total_exact = candidates.exact;
      out.results.clear();
      std::unordered_set<std::string> stories;
      std::size_t skipped = 0;
      for (const auto& c : ranked) {
        if (out.results.size() == o.limit) break;
        if (!o.all_duplicates && !stories.insert(c.article->shape.story).second) continue;
        if (skipped++ < o.offset) continue;
        out.results.push_back(result(c, parsed, highlights, o, deadline, out.cut_short));
        out.results.back().rank = o.offset + out.results.size();
      }
      if (out.results.size() >= o.limit || exhausted || out.cut_short) break;
      if ((out.cut_short = deadline.passed())) break;  // naba serve: bounded cost
      fetch *= 4;
    }
    if (!out.total_exact && !deadline.passed()) count_exactly(query, deadline, out);
    // naba serve: facets over every matching article, in the time left
    if (!o.facets.empty()) out.facets = detail::count_facets(index.db(), query, o.facets, deadline);
    out.cut_short = out.cut_short || deadline.passed();
    // A phrase check past the deadline stops matching: the count may be short.
    if (out.cut_short) out.total_exact = false;
    return out;
  }

  bool may_match(const ParsedQuery& parsed, const SearchOptions& o) {
    detail::IngestRange& batch = batches.get(o.ingested_after, o.ingested_through);
    return batch.may_match(parsed.query) &&
           (o.source.empty() || batch.has_term(schema::source_term(o.source)));
  }
};

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) {
  // Parsed by the first attempt and kept by its retries, with what its
  // phrases found (a retry checks no passage again).
  std::optional<ParsedQuery> parsed;
  return with_retries(
      "searching",
      [&] {
        return impl_->over_shards(options, [&] {
          impl_->reopen();
          if (!parsed) parsed = impl_->parse(query, options.correct);
          return impl_->search(*parsed, query, options);
        });
      },
      [&] { impl_->open_afresh(); });
}

SearchResults Searcher::search(const Query& query, const SearchOptions& options) {
  return with_retries(
      "searching",
      [&] {
        return impl_->over_shards(options, [&] {
          if (options.reopen) impl_->reopen();
          return impl_->search(query.impl_->parsed, query.impl_->text, options);
        });
      },
      [&] { impl_->open_afresh(); });
}

Query Searcher::parse(std::string_view query) {
  return xapian_error::with_translated_errors("parsing a query", [&] {
    impl_->index.open(false);
    return Query(
        std::make_shared<const Query::Impl>(Query::Impl{std::string(query), impl_->parse(query)}));
  });
}

bool Searcher::may_match(const Query& query, const SearchOptions& options) {
  return xapian_error::with_translated_errors("looking up terms", [&] {
    impl_->index.open(options.partial);
    return impl_->may_match(query.impl_->parsed, options);
  });
}

std::uint64_t Searcher::last_ingest() {
  return xapian_error::with_translated_errors("reading the index", [&] {
    impl_->index.open(false);
    impl_->reopen();
    return schema::last_ingest(impl_->index.db());
  });
}

std::string Searcher::index_uuid() {
  return xapian_error::with_translated_errors("reading the index", [&] {
    impl_->index.open(false);
    impl_->reopen();
    return impl_->index.db().get_uuid();
  });
}

std::string Searcher::analysis_warning() {
  return xapian_error::with_translated_errors("reading the index", [&] {
    impl_->index.open(false);
    impl_->reopen();
    if (!impl_->analysis_warning) impl_->analysis_warning = older_analysis(impl_->index.parts());
    return *impl_->analysis_warning;
  });
}

void Searcher::share_analyses(const PassageAnalysisCache& cache) {
  impl_->shared = cache.impl_;
}

void Searcher::check(std::string_view query, const SearchOptions& options) {
  check_options(options);
  Analyzer analyzer;
  detail::parse_query(query, analyzer);
}

}  // namespace naba
