#include "searcher/ranking.h"

#include <cstdlib>

#include "common/schema.h"
#include "common/stored_passage.h"

namespace naba::detail {
namespace {

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

}  // namespace

Xapian::BM25Weight passage_weight() {
  return Xapian::BM25Weight(1.2, 0, 1, 0.6, 0.5);
}

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

std::size_t passage_number(const Xapian::MSetIterator& it) {
  return std::strtoul(it.get_document().get_value(schema::kPassage).c_str(), nullptr, 10);
}

double passage_score(const Xapian::MSetIterator& it, std::size_t passage, double name_boost) {
  return lead_weighted(it.get_weight(), passage) * name_boost;
}

}  // namespace naba::detail
