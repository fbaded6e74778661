// A query's way: text → analyzer → Xapian query → matching passages (best per
// article) → ranked articles → highlights on the original passage text.
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "article_score.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/search.h"
#include "query_parser.h"
#include "schema.h"

namespace naba {
namespace {

// BM25 over passages: k1 and b chosen on the dev sets (docs/ranking.md).
Xapian::BM25Weight passage_weight() {
  return Xapian::BM25Weight(1.2, 0, 1, 0.6, 0.5);
}

// News puts what matters first: a passage's weight gets a boost that fades
// with its position (1.2x for the lead, 1.1x for the second ...).
constexpr double kLeadBoost = 0.2;

double lead_weighted(double weight, std::size_t passage) {
  return weight * (1 + kLeadBoost / (1 + static_cast<double>(passage)));
}

std::size_t passage_number(const Xapian::MSetIterator& it) {
  return std::strtoul(it.get_document().get_value(schema::kPassage).c_str(), nullptr, 10);
}

std::vector<Span> highlight(std::string_view text, const std::set<std::string>& terms,
                            Analyzer& analyzer, std::vector<Token>& tokens) {
  std::vector<Span> spans;
  analyzer.analyze(text, tokens);
  for (const auto& t : tokens)
    if (!t.term.empty() && terms.contains(t.term)) spans.push_back({t.start, t.end});
  return spans;
}

std::string checked_date(const std::string& date, const char* option) {
  if (date.empty()) return {};
  std::string v = schema::date_value(date);
  if (v.empty() || date.size() != 10)
    throw Error(Error::Code::bad_argument,
                std::string(option) + " takes a date as YYYY-MM-DD, got '" + date + "'");
  return v;
}

}  // namespace

std::size_t codepoint_offset(std::string_view text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

// An article ranks by its best passage, lead-weighted. (Adding a share of its
// other passages' weights was measured and hurt: long articles won.) A few
// passages per article are fetched so a lead passage can overtake.
constexpr Xapian::doccount kPassagesPerArticle = 3;

struct Candidate {
  Xapian::MSetIterator best;
  double score = 0;
};

std::vector<Candidate> rank_articles(const Xapian::MSet& mset, bool by_score) {
  std::vector<Candidate> ranked;
  std::unordered_map<std::string, std::size_t> index_of;  // article id → entry in ranked
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    double score = lead_weighted(it.get_weight(), passage_number(it));
    auto [entry, first] = index_of.try_emplace(it.get_collapse_key(), ranked.size());
    if (first)
      ranked.push_back({it, score});
    else if (by_score && score > ranked[entry->second].score)
      ranked[entry->second] = {it, score};
  }
  if (by_score)
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  return ranked;
}

// Rejects passages of articles that an exclusion (-word, NOT word) matched
// anywhere, so "سوريا -روسيا" drops an article that names Russia in another
// paragraph, not only the paragraph that does.
class ExcludeArticles : public Xapian::MatchDecider {
 public:
  explicit ExcludeArticles(std::unordered_set<std::string> ids) : ids_(std::move(ids)) {}
  bool operator()(const Xapian::Document& doc) const override {
    return !ids_.contains(doc.get_value(schema::kArticleId));
  }

 private:
  std::unordered_set<std::string> ids_;
};

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  Analyzer analyzer;
  std::vector<Token> tokens;
  // --- article-level evidence (docs/ranking.md, "Article evidence") ---
  // A passage's score adds its article's BM25 over the whole text: the
  // article that covers more of the query elsewhere wins a tie between
  // equally good passages. Reranks the fetched candidates only.
  detail::ArticleScorer article_scorer{db};
  std::unordered_map<std::string, double> article_bonus;  // article id → its BM25

  void add_article_evidence(const Xapian::Query& q, std::vector<Candidate>& ranked) {
    if (ranked.empty()) return;
    std::vector<std::string> ids;
    for (const auto& c : ranked) ids.push_back(c.best.get_collapse_key());
    std::vector<double> bm25 = article_scorer.score(q, ids);
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      ranked[i].score += bm25[i];
      article_bonus[ids[i]] = bm25[i];
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  }
  // --- end of article-level evidence ---

  explicit Impl(const std::string& p) : path(p) {
    if (!std::filesystem::exists(p))
      throw Error(Error::Code::not_found,
                  "no index at " + p + "; create one with: naba index --db " + p + " FILE...");
    try {
      db = Xapian::Database(p);
    } catch (const Xapian::Error& e) {
      throw Error(Error::Code::corrupt, "cannot open index " + p + ": " + e.get_description());
    }
  }

  Xapian::Query with_options(Xapian::Query q, const SearchOptions& o) {
    std::vector<Xapian::Query> filters;
    if (!o.source.empty()) filters.emplace_back(schema::source_term(o.source));
    std::string since = checked_date(o.since, "--since"), until = checked_date(o.until, "--until");
    if (!since.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kDate, since);
    if (!until.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kDate, until);
    if (filters.empty()) return q;
    return Xapian::Query(Xapian::Query::OP_FILTER, q,
                         Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }

  // An unweighted match of @p q, one hit per article: which articles match.
  Xapian::Enquire which_articles(const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_collapse_key(schema::kArticleId, 1);
    enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
    return enquire;
  }

  // Articles with a passage matching any of @p excluded.
  std::unordered_set<std::string> matching_articles(const std::vector<Xapian::Query>& excluded) {
    std::unordered_set<std::string> ids;
    if (excluded.empty()) return ids;
    Xapian::Enquire enquire =
        which_articles(Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.insert(it.get_collapse_key());
    return ids;
  }

  // Matching articles: exact up to kExactCount, Xapian's estimate beyond (counting
  // exactly to 10,000 tripled the median query time).
  Xapian::doccount count_articles(const Xapian::Query& q, const Xapian::MatchDecider& decider) {
    constexpr Xapian::doccount kExactCount = 200;
    return which_articles(q).get_mset(0, 0, kExactCount, nullptr, &decider).get_matches_estimated();
  }

  Xapian::MSet run(const Xapian::Query& q, const SearchOptions& o, Xapian::doccount first,
                   Xapian::doccount count, Xapian::doccount per_article,
                   const Xapian::MatchDecider* decider = nullptr) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(passage_weight());
    enquire.set_collapse_key(schema::kArticleId, per_article);
    if (o.sort == SortOrder::date) enquire.set_sort_by_value_then_relevance(schema::kDate, true);
    return enquire.get_mset(first, count, nullptr, decider);
  }

  PassageHit passage_hit(const Xapian::MSetIterator& it, const schema::StoredPassage& p,
                         const std::set<std::string>& terms) {
    auto bonus = article_bonus.find(p.id);
    PassageHit hit{p.index,
                   p.paragraph,
                   p.text,
                   lead_weighted(it.get_weight(), p.index) +
                       (bonus == article_bonus.end() ? 0 : bonus->second),
                   {}};
    hit.highlights = highlight(hit.text, terms, analyzer, tokens);
    return hit;
  }

  SearchResults search(std::string_view text, const SearchOptions& o) {
    if (o.limit == 0 || o.passages == 0)
      throw Error(Error::Code::bad_argument, "--limit and --passages must be at least 1");
    detail::ParsedQuery parsed = detail::parse_query(text, analyzer);
    Xapian::Query query = with_options(parsed.query, o);
    db.reopen();  // see the latest commit
    ExcludeArticles exclude(matching_articles(parsed.excluded));

    SearchResults out;
    out.query = std::string(text);
    // Fetch the best passages (a few per article) until the page is full;
    // with stories folded, some articles are skipped, so fetch more if needed.
    Xapian::doccount want = o.offset + o.limit;
    Xapian::doccount fetch = (want * 2 + 10) * kPassagesPerArticle;
    for (;;) {
      Xapian::MSet mset = run(query, o, 0, fetch, kPassagesPerArticle, &exclude);
      std::vector<Candidate> ranked = rank_articles(mset, o.sort == SortOrder::relevance);
      article_bonus.clear();
      if (o.sort == SortOrder::relevance) add_article_evidence(query, ranked);
      bool exhausted = mset.size() < fetch;
      out.results.clear();
      std::unordered_set<std::string> stories;
      std::size_t skipped = 0;
      for (const auto& c : ranked) {
        if (out.results.size() == o.limit) break;
        Xapian::Document doc = c.best.get_document();
        std::string story = doc.get_value(schema::kStoryId);
        if (!o.all_duplicates && !stories.insert(story).second) continue;
        if (skipped++ < o.offset) continue;
        schema::StoredPassage p = schema::unpack(doc.get_data());
        SearchResult r;
        r.rank = o.offset + out.results.size() + 1;
        r.id = p.id, r.title = p.title, r.date = p.date, r.source = p.source, r.url = p.url;
        r.score = c.score;
        if (!o.all_duplicates) {
          auto n = db.get_termfreq(std::string(schema::kStory) + story);
          r.duplicates = n > 0 ? n - 1 : 0;
        }
        r.passages.push_back(passage_hit(c.best, p, parsed.highlight_terms));
        out.results.push_back(std::move(r));
      }
      if (out.results.size() >= o.limit || exhausted) break;
      fetch *= 4;
    }
    out.total = count_articles(query, exclude);
    if (o.passages > 1) add_more_passages(parsed, query, o, out);
    return out;
  }

  // The next best passages of the articles on the page.
  void add_more_passages(const detail::ParsedQuery& parsed, const Xapian::Query& query,
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
    Xapian::MSet mset = run(page, by_relevance, 0, out.results.size() * o.passages, o.passages);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      schema::StoredPassage p = schema::unpack(it.get_document().get_data());
      if (auto r = by_id.find(p.id); r != by_id.end())
        r->second->passages.push_back(passage_hit(it, p, parsed.highlight_terms));
    }
  }
};

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) {
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->search(query, options);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == 2)
        throw Error(Error::Code::io, "the index kept changing under the search; try again");
    } catch (const Xapian::Error& e) {
      throw Error(Error::Code::io, "search failed: " + e.get_description());
    }
  }
}

}  // namespace naba
