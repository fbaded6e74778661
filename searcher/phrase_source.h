// A phrase over passage words in an index without their positions
// (Index::Options::positions): the articles holding all of its terms, each
// checked against its passages' word order (the article's shape, written by
// the indexer).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/stored_article.h"
#include "naba/analyzer.h"
#include "searcher/names.h"

namespace naba::detail {

/** A phrase: its terms ("" for a stop word) and its window (see PhraseSource). */
struct PhraseCheck {
  TermSequence terms;
  std::uint32_t window = 0;

  /** The phrase's terms (in its order, without "") as ranks in @p shape's
   *  vocabulary (kNoRank: not in it). */
  std::vector<std::uint16_t> ranks_in(const schema::ArticleShape& shape) const;
  /** Whether @p words hold the phrase, its terms being @p ranks. */
  bool holds(const schema::WordOrder& words, const std::vector<std::uint16_t>& ranks) const;
  /** Whether @p tokens (a text analysed) hold the phrase. */
  bool holds(const std::vector<Token>& tokens) const;
};

/** Matches what Xapian's OP_PHRASE over @p terms with that @p window would
 *  match in an index with positions: the non-empty terms in order, the last
 *  fewer than @p window word positions after the first ("" stands for a stop
 *  word, which holds a position but no term), in a passage, or with
 *  @p in_title in the title (its schema::kTitle terms). Boolean: it gives no
 *  weight. */
class PhraseSource : public Xapian::PostingSource {
 public:
  PhraseSource(TermSequence terms, std::uint32_t window, bool in_title = false);

  /** What the clones of one source found, by database and article: a search
   *  runs its query more than once (ranking, counting, exclusions, and again
   *  when commits overtake it), and each run clones the source; an article is
   *  checked once. */
  struct Verdicts {
    std::mutex mutex;
    std::map<std::string, std::unordered_map<Xapian::docid, bool>> by_database;  // by UUID
  };

  const PhraseCheck& phrase() const { return phrase_; }

  PhraseSource* clone() const override;
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_max_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_max_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return ended_; }
  Xapian::docid get_docid() const override { return current_; }
  std::string get_description() const override;

 private:
  void advance_from(Xapian::docid did);  // to the first matching article >= did
  bool article_holds(Xapian::docid did);

  std::shared_ptr<Verdicts> verdicts_;
  std::unordered_map<Xapian::docid, bool>* known_ = nullptr;  // this database's verdicts
  PhraseCheck phrase_;
  bool in_title_;
  std::vector<std::string> distinct_;  // its distinct non-empty terms
  Xapian::Database db_;
  std::string uuid_;                               // db_'s
  std::vector<Xapian::PostingIterator> postings_;  // one per distinct term
  Xapian::doccount termfreq_max_ = 0;
  Xapian::docid current_ = 0;
  bool verified_ = false;  // current_ holds the phrase (else check() said no)
  bool ended_ = false;
};

}  // namespace naba::detail
