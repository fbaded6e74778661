#include "indexer/story_finder.h"

#include <filesystem>
#include <functional>

#include "common/read_retry.h"
#include "common/schema.h"

namespace naba::indexer {

StoryFinder StoryFinder::of_writer(const Xapian::Database& db) {
  StoryFinder finder;
  finder.remembers_ = false;
  finder.indexed_ = db;  // shares the writer's database, uncommitted writes included
  return finder;
}

StoryFinder StoryFinder::of_committed(const std::string& path) {
  StoryFinder finder;
  finder.path_ = path;
  finder.indexed_ = schema::open_reader(path);
  return finder;
}

StoryFinder StoryFinder::of_shards(const std::vector<std::string>& shard_paths) {
  StoryFinder finder;
  for (const auto& path : shard_paths) {
    if (!std::filesystem::exists(std::filesystem::path(path) / "iamglass")) continue;
    Xapian::Database db(path);
    std::unordered_map<Xapian::docid, std::uint32_t> known;
    const std::string band_prefix(schema::kBand);
    for (auto t = db.allterms_begin(band_prefix); t != db.allterms_end(band_prefix); ++t) {
      auto& members = finder.bands_[std::hash<std::string>{}(*t)];
      for (auto d = db.postlist_begin(*t); d != db.postlist_end(*t) && members.size() < kLooked;
           ++d) {
        auto [entry, fresh] =
            known.try_emplace(*d, static_cast<std::uint32_t>(finder.seen_.size()));
        if (fresh) {
          Xapian::Document doc = db.get_document(*d);
          Seen s{{}, doc.get_value(schema::kStoryId), doc.get_value(schema::kArticleId), 0};
          if (auto sig = minhash::decode(doc.get_value(schema::kSignature))) s.signature = *sig;
          finder.latest_[s.id] = entry->second;
          finder.seen_.push_back(std::move(s));
        }
        members.push_back(entry->second);
      }
    }
  }
  return finder;
}

void StoryFinder::forget_committed(std::size_t n) {
  if (!indexed_ || n <= forgotten_) return;
  reading([&] { indexed_->reopen(); });
  forgotten_ = n;
  while (!recent_.empty() && recent_.front().first < n) recent_.pop_front();
  std::vector<Seen> kept;
  for (auto& seen : seen_)
    if (!seen.replaced && seen.seq >= n) kept.push_back(std::move(seen));
  seen_ = std::move(kept);
  latest_.clear();
  bands_.clear();
  for (const auto& [seq, id] : recent_) latest_[id] = kNone;
  for (std::uint32_t article = 0; article < seen_.size(); ++article) {
    latest_[seen_[article].id] = article;
    remember_bands(article);
  }
}

bool StoryFinder::is_new(const std::string& id) {
  if (!indexed_ || latest_.count(id)) return false;
  std::string term = std::string(schema::kId) + id;
  return reading([&] { return indexed_->get_termfreq(term) == 0; });
}

std::string StoryFinder::story_of(const std::string& id,
                                  const std::optional<minhash::Signature>& signature) {
  if (!remembers_) {
    std::string story = signature ? find(id, *signature) : std::string();
    return story.empty() ? id : story;
  }
  std::size_t seq = calls_++;
  if (indexed_) recent_.emplace_back(seq, id);
  auto [entry, fresh] = latest_.try_emplace(id, kNone);
  if (!fresh && entry->second != kNone)
    seen_[entry->second].replaced = true;  // as deleted from its index
  entry->second = kNone;
  if (!signature) return id;
  std::string story = find(id, *signature);
  if (story.empty()) story = id;
  auto article = static_cast<std::uint32_t>(seen_.size());
  seen_.push_back({*signature, story, id, seq});
  latest_[id] = article;
  remember_bands(article);
  return story;
}

void StoryFinder::remember_bands(std::uint32_t article) {
  for (std::size_t band = 0; band < minhash::kLookupBands; ++band) {
    auto& members =
        bands_[std::hash<std::string>{}(minhash::band_term(seen_[article].signature, band))];
    if (members.size() < kLooked) members.push_back(article);
  }
}

// Runs @p f on the reader of the indexed articles, again on a new one when the
// writer's commits took its revision away (with a commit every 5 articles, one
// retry was not always enough). The writer's own database is never overtaken.
template <typename F>
auto StoryFinder::reading(F f) -> decltype(f()) {
  if (path_.empty()) return f();
  return schema::retry_read(f, [&] { indexed_ = schema::open_reader(path_); });
}

// The story of an indexed article in @p term's band, counting the articles
// looked at in @p looked; articles written in this run are left to seen_.
std::string StoryFinder::find_indexed(const std::string& term, const minhash::Signature& sig,
                                      std::size_t& looked) {
  return reading([&]() -> std::string {
    looked = 0;
    for (auto it = indexed_->postlist_begin(term);
         it != indexed_->postlist_end(term) && looked < kLooked; ++it) {
      Xapian::Document doc = indexed_->get_document(*it);
      if (latest_.count(doc.get_value(schema::kArticleId))) continue;
      ++looked;
      auto theirs = minhash::decode(doc.get_value(schema::kSignature));
      if (theirs && minhash::same_story(*theirs, sig)) return doc.get_value(schema::kStoryId);
    }
    return {};
  });
}

// Band by band, the indexed articles first, then this run's: the story of the
// first that nearly matches, "" if none.
std::string StoryFinder::find(const std::string& id, const minhash::Signature& sig) {
  for (std::size_t band = 0; band < minhash::kLookupBands; ++band) {
    std::string term = minhash::band_term(sig, band);
    std::size_t looked = 0;
    if (indexed_) {
      std::string story = find_indexed(term, sig, looked);
      if (!story.empty()) return story;
    }
    auto members = bands_.find(std::hash<std::string>{}(term));
    if (members == bands_.end()) continue;
    for (auto article : members->second) {
      const Seen& other = seen_[article];
      if (other.replaced || other.id == id) continue;  // deleted, or being replaced
      if (looked++ >= kLooked) break;
      if (minhash::same_story(other.signature, sig)) return other.story;
    }
  }
  return {};
}

}  // namespace naba::indexer
