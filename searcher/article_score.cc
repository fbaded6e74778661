#include "searcher/article_score.h"

#include <algorithm>
#include <cmath>

#include "common/schema.h"

namespace naba::detail {
namespace {

// Word terms start with a lower-case letter or a non-ASCII byte; field and
// boolean terms carry an upper-case prefix (schema.h).
bool is_word_term(const std::string& term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

}  // namespace

// Words per article: the index's words per passage times passages per
// article, the latter estimated from the first Q terms (one per article,
// its term frequency its passage count).
double ArticleScorer::average_article_length() {
  if (average_length_ > 0) return average_length_;
  constexpr int kSample = 2000;
  double articles = 0, passages = 0;
  for (auto t = db_.allterms_begin(std::string(schema::kId));
       t != db_.allterms_end(std::string(schema::kId)) && articles < kSample; ++t) {
    ++articles;
    passages += t.get_termfreq();
  }
  double per_article = articles > 0 ? passages / articles : 1;
  average_length_ = std::max(1.0, db_.get_avlength() * per_article);
  return average_length_;
}

const ArticleScorer::Article& ArticleScorer::article(const std::string& id) {
  if (articles_.size() > 20000) articles_.clear();
  auto [entry, fresh] = articles_.try_emplace(id);
  if (fresh) {
    std::string id_term = std::string(schema::kId) + id;
    for (auto p = db_.postlist_begin(id_term); p != db_.postlist_end(id_term); ++p) {
      entry->second.passages.push_back(*p);
      entry->second.length += p.get_doclength();
    }
  }
  return entry->second;
}

ArticleScorer::Evidence ArticleScorer::score(const Xapian::Query& query,
                                             const std::vector<std::string>& ids) {
  // Xapian's defaults; k1 0.8 to 2 and b 0.5 to 0.9 were measured (docs/ranking.md).
  constexpr double k1 = 1.2, b = 0.75;
  Evidence evidence;
  std::vector<double>& scores = evidence.article_bm25;
  scores.assign(ids.size(), 0.0);
  std::vector<std::string> terms;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
    if (is_word_term(*t)) terms.push_back(*t);
  if (terms.empty() || ids.empty()) return evidence;

  // The passages of every article, in docid order, with their article.
  std::vector<std::pair<Xapian::docid, std::size_t>> passages;
  std::vector<double> length(ids.size(), 0.0);
  for (std::size_t a = 0; a < ids.size(); ++a) {
    const Article& article = this->article(ids[a]);
    for (Xapian::docid did : article.passages) passages.emplace_back(did, a);
    length[a] = article.length;
  }
  std::sort(passages.begin(), passages.end());

  const double n = db_.get_doccount(), avg = average_article_length();
  std::vector<double> tf(ids.size());
  std::vector<double> matched(passages.size(), 0.0);  // summed IDF of the words each passage has
  for (const auto& term : terms) {
    double df = db_.get_termfreq(term);
    if (df == 0) continue;
    double idf = std::log((n - df + 0.5) / (df + 0.5));
    if (idf <= 0) idf = 1e-3;  // very common words still count a little
    std::fill(tf.begin(), tf.end(), 0.0);
    auto p = db_.postlist_begin(term), end = db_.postlist_end(term);
    for (std::size_t i = 0; i < passages.size() && p != end; ++i) {
      const auto& [docid, a] = passages[i];
      p.skip_to(docid);
      if (p != end && *p == docid) tf[a] += p.get_wdf(), matched[i] += idf;
    }
    for (std::size_t a = 0; a < ids.size(); ++a)
      if (tf[a] > 0)
        scores[a] += idf * tf[a] * (k1 + 1) / (tf[a] + k1 * (1 - b + b * length[a] / avg));
  }

  // Coverage: each passage's matched IDF as a share of its article's best passage's.
  std::vector<double> best(ids.size(), 0.0);
  for (std::size_t i = 0; i < passages.size(); ++i)
    best[passages[i].second] = std::max(best[passages[i].second], matched[i]);
  evidence.coverage.reserve(passages.size());
  for (std::size_t i = 0; i < passages.size(); ++i) {
    double top = best[passages[i].second];
    evidence.coverage.emplace_back(passages[i].first, matched[i] > 0 ? matched[i] / top : 1);
  }
  return evidence;
}

double ArticleScorer::Evidence::coverage_of(Xapian::docid docid) const {
  auto it = std::lower_bound(coverage.begin(), coverage.end(), std::make_pair(docid, 0.0));
  return it != coverage.end() && it->first == docid ? it->second : 1;
}

}  // namespace naba::detail
