// A query's way: text → analyzer → Xapian query → matching passages (best per
// article) → ranked articles → highlights on the original passage text.
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "common/read_retry.h"
#include "common/schema.h"
#include "common/stored_passage.h"
#include "common/stub_file.h"
#include "common/xapian_error.h"
#include "naba/aliases.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/search.h"
#include "searcher/article_score.h"
#include "searcher/query_parser.h"
#include "searcher/searcher_detail.h"

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

// --- Entity-aware ranking (docs/aliases.md) -------------------------------
// For a query that asks only for names, a passage about the name ranks above
// one that brushes past it: each further mention in the passage (up to four)
// and the name in the article's title raise its weight. Early in the article
// is the lead boost above, for every query. Title words are indexed in every
// passage, so a name's wdf counts its title mentions too; those are counted in
// the stored title (not from positions: the remote backend has no position
// counts in term lists, and shards must rank as one index does).
constexpr double kTitleBoost = 0.3;
constexpr double kMentionBoost = 0.1;
constexpr Xapian::termcount kMaxMentions = 4;

// The gazetteer names (terms prefixed "~") in a passage's document, sorted,
// with their wdf.
using NameCounts = std::vector<std::pair<std::string, Xapian::termcount>>;

NameCounts name_counts(const Xapian::Document& doc) {
  NameCounts counts;
  auto it = doc.termlist_begin();
  for (it.skip_to("~"); it != doc.termlist_end() && (*it).starts_with('~'); ++it)
    counts.emplace_back(*it, it.get_wdf());
  return counts;
}

double entity_boost(const NameCounts& counts, const std::vector<Token>& title,
                    const std::vector<std::string>& names) {
  Xapian::termcount mentions = 0;
  bool in_title = false;
  for (const auto& name : names) {
    auto it = std::lower_bound(counts.begin(), counts.end(), std::make_pair(name, 0u));
    if (it == counts.end() || it->first != name) continue;
    auto in_this_title = static_cast<Xapian::termcount>(
        std::count_if(title.begin(), title.end(),
                      [&](const Token& t) { return t.term == name || t.entity == name; }));
    mentions += it->second - std::min(it->second, in_this_title);
    in_title = in_title || in_this_title > 0;
  }
  if (mentions == 0 && !in_title) return 1;
  return 1 + kTitleBoost * in_title +
         kMentionBoost *
             (std::min(mentions, kMaxMentions) - std::min<Xapian::termcount>(mentions, 1));
}
// ----------------------------------------------------------------------------

std::size_t passage_number(const Xapian::MSetIterator& it) {
  return std::strtoul(it.get_document().get_value(schema::kPassage).c_str(), nullptr, 10);
}

// Marks every match: a word, a whole name however many words it has, a
// user's spelling of several words.
std::vector<Span> highlight(const std::vector<Token>& tokens, const detail::ParsedQuery& q) {
  std::vector<Span> spans;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    std::size_t end = 0;
    if (!t.entity.empty() && q.highlight_terms.contains(t.entity)) end = t.entity_end;
    if (!t.term.empty() && q.highlight_terms.contains(t.term)) end = std::max(end, t.end);
    for (auto it = q.highlight_sequences.lower_bound({t.term});
         it != q.highlight_sequences.end() && !t.term.empty() && it->front() == t.term; ++it) {
      bool same = i + it->size() <= tokens.size();
      for (std::size_t k = 1; same && k < it->size(); ++k) same = tokens[i + k].term == (*it)[k];
      if (same) end = std::max(end, tokens[i + it->size() - 1].end);
    }
    if (end == 0) continue;
    if (!spans.empty() && t.start < spans.back().end)  // inside a name already marked
      spans.back().end = std::max(spans.back().end, end);
    else
      spans.push_back({t.start, end});
  }
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

// A passage's score: its weight, lead-weighted, times the boost for the
// names (if any) that it is about.
double passage_score(const Xapian::MSetIterator& it, std::size_t passage, double name_boost) {
  return lead_weighted(it.get_weight(), passage) * name_boost;
}

// Equal scores are ordered by article id, never by docid: docids depend on
// how the index is split into shards, results must not (docs/scaling.md).
template <typename Score>
std::vector<Candidate> rank_articles(const Xapian::MSet& mset, bool by_score, Score score_of) {
  std::vector<Candidate> ranked;
  std::unordered_map<std::string, std::size_t> index_of;  // article id → entry in ranked
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    double score = score_of(it);
    auto [entry, first] = index_of.try_emplace(it.get_collapse_key(), ranked.size());
    if (first)
      ranked.push_back({it, score});
    else if (by_score && score > ranked[entry->second].score)
      ranked[entry->second] = {it, score};
  }
  auto id = [](const Candidate& c) { return c.best.get_collapse_key(); };
  if (by_score) {
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Candidate& a, const Candidate& b) {
      return a.score != b.score ? a.score > b.score : id(a) < id(b);
    });
  } else {  // by date (newest first), then the best passage's weight
    std::stable_sort(ranked.begin(), ranked.end(), [&](const Candidate& a, const Candidate& b) {
      auto ka = a.best.get_sort_key(), kb = b.best.get_sort_key();
      if (ka != kb) return ka > kb;
      double wa = a.best.get_weight(), wb = b.best.get_weight();
      return wa != wb ? wa > wb : id(a) < id(b);
    });
  }
  return ranked;
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

struct Searcher::Impl {
  std::string path;
  std::vector<stub_file::Shard> shards;  // from a stub file; empty for one local index
  std::vector<std::string> missing;      // shards left out of db (--partial)
  bool opened = false;
  Xapian::Database db;
  Analyzer analyzer;
  // Passages read (and analysed, for highlighting) by document id, which is
  // never reused: saved alerts show the same new passages for many queries.
  struct Passage {
    schema::StoredPassage stored;
    std::string story;
    detail::SharedAnalyses::Tokens tokens;  // once highlighted
  };
  std::shared_ptr<detail::SharedAnalyses> shared_analyses;  // with other threads' searchers
  std::unordered_map<Xapian::docid, Passage> passages;
  // --- article-level evidence (docs/ranking.md, "Article evidence") ---
  // A passage's score adds its article's BM25 over the whole text: the
  // article that covers more of the query elsewhere wins a tie between
  // equally good passages. Reranks the fetched candidates only.
  detail::ArticleScorer article_scorer{db};
  std::unordered_map<std::string, double> article_bonus;  // article id → its BM25
  // Each passage's share of the query, relative to its article's best passage
  // (docs/ranking.md, "Query coverage").
  detail::ArticleScorer::Evidence evidence;
  // This search's passage scores by document id (ranking and highlighting
  // both need them).
  std::unordered_map<Xapian::docid, double> scores;

  // The evidence for every article among @p mset's passages (by relevance only).
  void gather_evidence(const Xapian::Query& q, const Xapian::MSet& mset, bool by_score) {
    article_bonus.clear();
    evidence = {};
    std::vector<std::string> ids;
    for (auto it = mset.begin(); by_score && it != mset.end(); ++it)
      if (article_bonus.try_emplace(it.get_collapse_key(), 0).second)
        ids.push_back(it.get_collapse_key());
    if (ids.empty()) return;
    evidence = article_scorer.score(q, ids);
    for (std::size_t i = 0; i < ids.size(); ++i) article_bonus[ids[i]] = evidence.article_bm25[i];
  }

  // A passage's score: lead-weighted, boosted for names, scaled by its query
  // coverage, plus its article's BM25. The coverage sets paragraphs of one
  // article apart: they share the title's words (indexed in every passage) and
  // the article bonus, so BM25 alone favours the shortest paragraph that has
  // the title and the common words, over the one that also has the question's
  // rarer words. Relative to the article's best passage, so it reorders an
  // article's passages and only lowers an article whose best-weighted passage
  // is not its best-covering one. A passage with no query word (matched by a
  // field, e.g. title:) keeps its weight.
  double score(const Xapian::MSetIterator& it, const detail::ParsedQuery& q) {
    auto [score, fresh] = scores.try_emplace(*it);
    if (!fresh) return score->second;
    double s = weighted(it, q.only_names ? &q.names : nullptr) * evidence.coverage_of(*it);
    auto bonus = article_bonus.find(it.get_collapse_key());
    return score->second = s + (bonus == article_bonus.end() ? 0 : bonus->second);
  }
  // --- end of article-level evidence ---

  // What ranking reads of a passage beyond its weight, by document id, kept
  // across searches: saved alerts rank the same new passages for many queries.
  struct Facts {
    std::optional<std::size_t> passage;  // its number in the article (the lead boost)
    std::optional<NameCounts> names;     // for the entity boost
  };
  std::unordered_map<Xapian::docid, Facts> facts;
  // Analysed titles by article id, for the entity boost: every passage of an
  // article shares one analysis.
  std::unordered_map<std::string, std::vector<Token>> titles;

  // A passage's weight, lead-weighted and boosted for the names it is about.
  double weighted(const Xapian::MSetIterator& it, const std::vector<std::string>* names) {
    Facts& f = facts[*it];
    if (!f.passage) f.passage = passage_number(it);
    double boost = 1;
    if (names) {
      if (!f.names) f.names = name_counts(it.get_document());
      boost = entity_boost(*f.names, title_of(it), *names);
    }
    return passage_score(it, *f.passage, boost);
  }

  const std::vector<Token>& title_of(const Xapian::MSetIterator& it) {
    auto [title, fresh] = titles.try_emplace(it.get_collapse_key());
    if (fresh) analyzer.analyze(schema::stored_passage(it.get_document()).title, title->second);
    return title->second;
  }

  // After a reopen, an article may have been re-indexed (new passages, title).
  void forget_documents() {
    passages.clear();
    facts.clear();
    titles.clear();
    article_scorer.forget();
  }

  // After a read error: a new reader. Database::reopen() keeps the old one,
  // and its cursors, while no newer commit has landed.
  void open_afresh() {
    forget_documents();
    if (!shards.empty())
      opened = false;  // search_shards opens them again
    else
      db = schema::open_reader(path);
  }

  Passage& passage(const Xapian::MSetIterator& it) {
    auto [entry, fresh] = passages.try_emplace(*it);
    if (fresh) {
      Xapian::Document doc = it.get_document();
      entry->second.stored = schema::stored_passage(doc);
      entry->second.story = doc.get_value(schema::kStoryId);
    }
    return entry->second;
  }

  Aliases aliases;
  detail::NameTable names;

  explicit Impl(const std::string& p) : path(p), aliases(p), names(aliases, analyzer) {
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
      throw Error(Error::Code::not_found,
                  "no index at " + p + "; create one with: naba index --db " + p + " FILE...");
    std::string stub = (std::filesystem::path(p) / "shards.stub").string();
    if (stub_file::is_stub(p))
      shards = stub_file::read(p);
    else if (!std::filesystem::exists(std::filesystem::path(p) / "iamglass") &&
             std::filesystem::exists(stub))
      shards = stub_file::read(path = stub);  // a folder of shards from naba index --shards
    if (!shards.empty()) return;              // shards are opened by the first search
    db = xapian_error::with_translated_errors("opening index " + p,
                                              [&] { return schema::open_reader(p); });
    opened = true;
  }

  // Opens every shard of the stub; a shard that is down is an error naming
  // it, or (partial) is left out and listed in missing.
  void open_shards(bool partial) {
    Xapian::Database all;
    std::string down;
    missing.clear();
    for (const auto& shard : shards) {
      try {
        all.add_database(stub_file::open_shard(shard));
      } catch (const Xapian::Error& e) {
        missing.push_back(shard.name);
        down += fmt_shard_error(shard, e);
      }
    }
    if (!missing.empty() && (!partial || missing.size() == shards.size()))
      throw Error(Error::Code::io,
                  down + (partial ? "no shard of " + path + " answers"
                                  : "pass --partial to search the shards that answer"));
    db = all;
    opened = true;
  }

  static std::string fmt_shard_error(const stub_file::Shard& shard, const Xapian::Error& e) {
    return "shard '" + shard.name + "' is unavailable: " + e.get_msg() +
           (e.get_context().empty() ? "" : " (" + e.get_context() + ")") +
           (e.get_error_string() ? std::string(": ") + e.get_error_string() : "") + "; ";
  }

  SearchResults search_shards(std::string_view text, const SearchOptions& o,
                              std::optional<detail::ParsedQuery>& parsed) {
    if (shards.empty()) return search(text, o, parsed);
    if (!opened) open_shards(o.partial);
    SearchResults out;
    try {
      out = search(text, o, parsed);
    } catch (const Xapian::NetworkError&) {
      opened = false;  // a shard went away: find which, then retry once
      open_shards(o.partial);
      out = search(text, o, parsed);
    }
    out.missing_shards = missing;
    return out;
  }

  Xapian::Query with_options(Xapian::Query q, const SearchOptions& o) {
    std::vector<Xapian::Query> filters;
    if (!o.source.empty()) filters.emplace_back(schema::source_term(o.source));
    std::string since = checked_date(o.since, "--since"), until = checked_date(o.until, "--until");
    if (!since.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kDate, since);
    if (!until.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kDate, until);
    if (o.ingested_after > 0 || o.ingested_through > 0) {
      double last = o.ingested_through > 0 ? static_cast<double>(o.ingested_through) : 1e300;
      filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kIngest,
                           Xapian::sortable_serialise(static_cast<double>(o.ingested_after + 1)),
                           Xapian::sortable_serialise(last));
    }
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

  // Articles with a passage matching any of @p excluded (among @p within), sorted.
  std::vector<std::string> matching_articles(const std::vector<Xapian::Query>& excluded,
                                             const Xapian::Query* within) {
    std::vector<std::string> ids;
    if (excluded.empty()) return ids;
    Xapian::Query any(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
    if (within) any = Xapian::Query(Xapian::Query::OP_FILTER, any, *within);
    Xapian::Enquire enquire = which_articles(any);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
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

  Xapian::MSet run(const Xapian::Query& q, const SearchOptions& o, Xapian::doccount first,
                   Xapian::doccount count, Xapian::doccount per_article) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(passage_weight());
    enquire.set_collapse_key(schema::kArticleId, per_article);
    if (o.sort == SortOrder::date) enquire.set_sort_by_value_then_relevance(schema::kDate, true);
    Xapian::MSet mset = enquire.get_mset(first, count);
    mset.fetch();  // one round trip per remote shard, not one per document
    return mset;
  }

  detail::SharedAnalyses::Tokens analysed(Xapian::docid did, const std::string& text) {
    if (shared_analyses)
      if (auto known = shared_analyses->find(did)) return known;
    auto tokens = std::make_shared<std::vector<Token>>();
    analyzer.analyze(text, *tokens);
    if (shared_analyses) shared_analyses->add(did, tokens);
    return tokens;
  }

  PassageHit passage_hit(const Xapian::MSetIterator& it, const detail::ParsedQuery& q) {
    Passage& passage = this->passage(it);
    const schema::StoredPassage& p = passage.stored;
    PassageHit hit{p.index, p.paragraph, p.text, score(it, q), {}};
    if (!passage.tokens) passage.tokens = analysed(*it, p.text);
    hit.highlights = highlight(*passage.tokens, q);
    return hit;
  }

  // @p parsed: @p text parsed by a search's first attempt and kept by its
  // retries, with what its phrases found (a retry checks no passage again).
  SearchResults search(std::string_view text, const SearchOptions& o,
                       std::optional<detail::ParsedQuery>& parsed) {
    // See the latest commit, before anything is read (the index's phrase mode too).
    if (db.reopen()) forget_documents();
    if (!parsed) {
      if (aliases.refresh()) names = detail::NameTable(aliases, analyzer);  // naba alias add/rm
      parsed = detail::parse_query(text, analyzer, names, phrases());
    }
    return search(*parsed, text, o);
  }

  // How this index matches phrases (query_parser.h).
  detail::Phrases phrases() const {
    bool remote = std::any_of(shards.begin(), shards.end(), [](auto& s) { return s.remote(); });
    return detail::phrases_in(db, remote);
  }

  // @p within (optional) filters the documents searched, e.g. to one batch.
  SearchResults search(const detail::ParsedQuery& parsed, std::string_view text,
                       const SearchOptions& o, const Xapian::Query* within = nullptr) {
    if (o.limit == 0 || o.passages == 0)
      throw Error(Error::Code::bad_argument, "--limit and --passages must be at least 1");
    Xapian::Query query = with_options(parsed.query, o);
    if (within) query = Xapian::Query(Xapian::Query::OP_FILTER, query, *within);
    if (passages.size() > 20000 || titles.size() > 20000) forget_documents();
    if (!within) facts.clear();  // worth keeping only over one batch's documents
    scores.clear();
    query = without_articles(query, matching_articles(parsed.excluded, within));

    SearchResults out;
    out.query = std::string(text);
    // Fetch the best passages (a few per article) until the page is full;
    // with stories folded, some articles are skipped, so fetch more if needed.
    Xapian::doccount want = o.offset + o.limit;
    Xapian::doccount fetch = (want * 2 + 10) * kPassagesPerArticle;
    std::optional<std::size_t> all_matching;  // known when every match was fetched
    for (;;) {
      Xapian::MSet mset = run(query, o, 0, fetch, kPassagesPerArticle);
      bool by_score = o.sort == SortOrder::relevance;
      gather_evidence(query, mset, by_score);
      std::vector<Candidate> ranked =
          rank_articles(mset, by_score, [&](const auto& it) { return score(it, parsed); });
      bool exhausted = mset.size() < fetch;
      if (exhausted) all_matching = ranked.size();
      out.results.clear();
      std::unordered_set<std::string> stories;
      std::size_t skipped = 0;
      for (const auto& c : ranked) {
        if (out.results.size() == o.limit) break;
        const std::string& story = passage(c.best).story;
        if (!o.all_duplicates && !stories.insert(story).second) continue;
        if (skipped++ < o.offset) continue;
        const schema::StoredPassage& p = passage(c.best).stored;
        SearchResult r;
        r.rank = o.offset + out.results.size() + 1;
        r.id = p.id, r.title = p.title, r.date = p.date, r.source = p.source, r.url = p.url;
        r.score = c.score;
        if (!o.all_duplicates) {
          auto n = db.get_termfreq(std::string(schema::kStory) + story);
          r.duplicates = n > 0 ? n - 1 : 0;
        }
        r.passages.push_back(passage_hit(c.best, parsed));
        out.results.push_back(std::move(r));
      }
      if (out.results.size() >= o.limit || exhausted) break;
      fetch *= 4;
    }
    out.total = all_matching ? *all_matching : count_articles(query);
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
      if (auto r = by_id.find(passage(it).stored.id); r != by_id.end())
        r->second->passages.push_back(passage_hit(it, parsed));
    }
    for (auto& r : out.results)  // Xapian's order is BM25's; show them by their score
      std::stable_sort(r.passages.begin(), r.passages.end(),
                       [](const PassageHit& a, const PassageHit& b) { return a.score > b.score; });
  }
};

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

namespace {

// Runs @p f, again after a read error (schema::retry_read) once @p afresh has
// opened a new reader, with Xapian errors as naba's.
template <typename F, typename G>
SearchResults with_retries(F f, G afresh) {
  return xapian_error::with_translated_errors("searching", [&] {
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

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) {
  std::optional<detail::ParsedQuery> parsed;
  return with_retries([&] { return impl_->search_shards(query, options, parsed); },
                      [&] { impl_->open_afresh(); });
}

namespace detail {

void SearcherAccess::share_analyses(Searcher& searcher, std::shared_ptr<SharedAnalyses> shared) {
  searcher.impl_->shared_analyses = std::move(shared);
}

SearchResults SearcherAccess::search(Searcher& searcher, const ParsedQuery& parsed,
                                     std::string_view text, const SearchOptions& options,
                                     const Xapian::Query& within) {
  return with_retries([&] { return searcher.impl_->search(parsed, text, options, &within); },
                      [&] { searcher.impl_->open_afresh(); });
}

}  // namespace detail

}  // namespace naba
