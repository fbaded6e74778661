// A query's way: text → analyzer → Xapian query → matching passages (best per
// article) → ranked articles → highlights on the original passage text.
#include <xapian.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "common/read_retry.h"
#include "common/schema.h"
#include "common/stored_passage.h"
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
#include "searcher/names.h"
#include "searcher/query_parser.h"
#include "searcher/ranking.h"
#include "searcher/ranking_state.h"

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

using detail::Candidate;
using detail::kPassagesPerArticle;
using detail::ParsedQuery;

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

// Drops the passages of articles that an exclusion (-word, NOT word) matched
// anywhere, so "سوريا -روسيا" drops an article that names Russia in another
// paragraph, not only the paragraph that does. A query, not a MatchDecider:
// the remote backend (xapian-tcpsrv) runs queries but not deciders.
Xapian::Query without_articles(const Xapian::Query& q, const std::vector<std::string>& ids) {
  if (ids.empty()) return q;
  std::vector<Xapian::Query> terms;
  terms.reserve(ids.size());
  for (const auto& id : ids) terms.emplace_back(std::string(schema::kId) + id);
  return Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
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

}  // namespace

struct Searcher::Impl {
  detail::IndexReader index;
  Analyzer analyzer;
  detail::RankingState ranking{index.db(), analyzer};
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
  void forget_documents() {
    ranking.forget_documents();
    batches.forget();
  }
  void open_afresh() {
    forget_documents();
    index.open_afresh();
  }

  ParsedQuery parse(std::string_view text) {
    return detail::parse_query(text, analyzer, names, index.phrases());
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
    std::string since = checked_date(o.since, "since"), until = checked_date(o.until, "until");
    if (!since.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kDate, since);
    if (!until.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kDate, until);
    if (filters.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_FILTER, q,
                         Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }

  // An unweighted match of @p q, one hit per article: which articles match.
  Xapian::Enquire which_articles(const Xapian::Query& q) {
    Xapian::Enquire enquire(index.db());
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_collapse_key(schema::kArticleId, 1);
    enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
    return enquire;
  }

  // Articles with a passage matching any of @p excluded (among @p within), sorted.
  std::vector<std::string> matching_articles(const std::vector<Xapian::Query>& excluded,
                                             const Xapian::Query* within) {
    std::vector<std::string> ids;
    if (excluded.empty()) return ids;
    Xapian::Query any(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
    if (within) any = Xapian::Query(Xapian::Query::OP_FILTER, any, *within);
    Xapian::MSet mset = which_articles(any).get_mset(0, index.db().get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(it.get_collapse_key());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Matching articles: exact up to kExactCount, Xapian's estimate beyond (counting
  // exactly to 10,000 tripled the median query time).
  Xapian::doccount count_articles(const Xapian::Query& q) {
    constexpr Xapian::doccount kExactCount = 200;
    // Fetched, not only counted: Xapian's estimate with collapsing is loose
    // even below check_at_least, and differs between one index and shards.
    Xapian::MSet mset = which_articles(q).get_mset(0, kExactCount);
    return mset.size() < kExactCount ? mset.size() : mset.get_matches_estimated();
  }

  Xapian::MSet run(const Xapian::Query& q, const SearchOptions& o, Xapian::doccount count,
                   Xapian::doccount per_article) {
    Xapian::Enquire enquire(index.db());
    enquire.set_query(q);
    enquire.set_weighting_scheme(detail::passage_weight());
    enquire.set_collapse_key(schema::kArticleId, per_article);
    if (o.sort == SortOrder::date) enquire.set_sort_by_value_then_relevance(schema::kDate, true);
    if (o.time_limit_ms) enquire.set_time_limit(o.time_limit_ms / 1000.0);  // naba serve
    Xapian::MSet mset = enquire.get_mset(0, count);
    mset.fetch();  // one round trip per remote shard, not one per document
    return mset;
  }

  PassageHit passage_hit(const Xapian::MSetIterator& it, const ParsedQuery& q) {
    const schema::StoredPassage& p = ranking.passage(it).stored;
    return {p.index, p.paragraph, p.text, ranking.score(it, q),
            detail::highlight(ranking.tokens(it), q)};
  }

  SearchResult result(const Candidate& c, const ParsedQuery& parsed, const SearchOptions& o) {
    const detail::RankingState::Passage& best = ranking.passage(c.best);
    const schema::StoredPassage& p = best.stored;
    SearchResult r;
    r.id = p.id, r.title = p.title, r.date = p.date, r.source = p.source, r.url = p.url;
    r.score = c.score;
    r.ingest = best.ingest;
    if (!o.all_duplicates) {
      auto n = index.db().get_termfreq(std::string(schema::kStory) + best.story);
      r.duplicates = n > 0 ? n - 1 : 0;
    }
    r.passages.push_back(passage_hit(c.best, parsed));
    return r;
  }

  SearchResults search(const ParsedQuery& parsed, std::string_view text, const SearchOptions& o) {
    check_options(o);
    const detail::Deadline deadline(o.time_limit_ms);  // naba serve: bounded cost
    Xapian::Query query = with_options(parsed.query, o);
    std::optional<Xapian::Query> batch;  // the documents searched, when one batch
    if (in_one_batch(o)) {
      batch = batches.get(o.ingested_after, o.ingested_through).filter();
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, *batch);
    }
    ranking.begin_search(batch.has_value());
    query = without_articles(query, matching_articles(parsed.excluded, batch ? &*batch : nullptr));

    SearchResults out;
    out.query = std::string(text);
    out.warnings = parsed.warnings;
    // Fetch the best passages (a few per article) until the page is full;
    // with stories folded, some articles are skipped, so fetch more if needed.
    Xapian::doccount want = o.offset + o.limit;
    Xapian::doccount fetch = (want * 2 + 10) * kPassagesPerArticle;
    std::optional<std::size_t> all_matching;  // known when every match was fetched
    for (;;) {
      Xapian::MSet mset = run(query, o, fetch, kPassagesPerArticle);
      bool by_score = o.sort == SortOrder::relevance;
      ranking.gather_evidence(query, mset, by_score);
      std::vector<Candidate> ranked = detail::rank_articles(
          mset, by_score, [&](const auto& it) { return ranking.score(it, parsed); });
      bool exhausted = mset.size() < fetch;
      if (exhausted) all_matching = ranked.size();
      out.results.clear();
      std::unordered_set<std::string> stories;
      std::size_t skipped = 0;
      for (const auto& c : ranked) {
        if (out.results.size() == o.limit) break;
        if (!o.all_duplicates && !stories.insert(ranking.passage(c.best).story).second) continue;
        if (skipped++ < o.offset) continue;
        out.results.push_back(result(c, parsed, o));
        out.results.back().rank = o.offset + out.results.size();
      }
      if (out.results.size() >= o.limit || exhausted) break;
      if ((out.cut_short = deadline.passed())) break;  // naba serve: bounded cost
      fetch *= 4;
    }
    out.total = all_matching ? *all_matching : count_articles(query);
    // naba serve: facets over every matching article, in the time left {
    if (!o.facets.empty()) {
      out.facets = detail::count_facets(index.db(), query, o.facets, deadline);
    }
    out.cut_short = out.cut_short || deadline.passed();
    // }
    if (o.passages > 1) add_more_passages(parsed, query, o, out);
    return out;
  }

  // The next best passages of the articles on the page.
  void add_more_passages(const ParsedQuery& parsed, const Xapian::Query& query,
                         const SearchOptions& o, SearchResults& out) {
    if (out.results.empty()) return;
    std::vector<Xapian::Query> ids;
    std::unordered_map<std::string, SearchResult*> by_id;
    for (auto& r : out.results) {
      ids.emplace_back(std::string(schema::kId) + r.id);
      by_id[r.id] = &r;
      r.passages.clear();
    }
    Xapian::Query page(Xapian::Query::OP_FILTER, query,
                       Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
    SearchOptions by_relevance = o;
    by_relevance.sort = SortOrder::relevance;
    Xapian::MSet mset = run(page, by_relevance, out.results.size() * o.passages, o.passages);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      if (auto r = by_id.find(ranking.passage(it).stored.id); r != by_id.end())
        r->second->passages.push_back(passage_hit(it, parsed));
    }
    for (auto& r : out.results)  // Xapian's order is BM25's; show them by their score
      std::stable_sort(r.passages.begin(), r.passages.end(),
                       [](const PassageHit& a, const PassageHit& b) { return a.score > b.score; });
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
          if (!parsed) parsed = impl_->parse(query);
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

void Searcher::share_analyses(const PassageAnalysisCache& cache) {
  impl_->ranking.share_analyses(cache.impl_);
}

void Searcher::check(std::string_view query, const SearchOptions& options) {
  check_options(options);
  Analyzer analyzer;
  detail::parse_query(query, analyzer);
}

}  // namespace naba
