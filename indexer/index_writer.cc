// An article's way into the index: article → analyzer tokens → passages →
// Xapian documents (prepare), then story lookup and write (write).
#include <unistd.h>

#include <xapian.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>
#include <unordered_map>

#include "common/bounded_queue.h"
#include "common/clock.h"
#include "common/read_retry.h"
#include "common/schema.h"
#include "common/stored_passage.h"
#include "common/stub_file.h"
#include "common/xapian_error.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/passages.h"
#include "naba/shards.h"

namespace naba {
namespace {

namespace fs = std::filesystem;

// Near-duplicate detection: MinHash over word 3-shingles, banded for lookup.
constexpr std::size_t kHashes = 16, kBands = 8, kRows = kHashes / kBands;
constexpr std::size_t kSameStoryMatches = 12;  // estimated Jaccard >= 0.75
using Signature = std::array<std::uint32_t, kHashes>;

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::optional<Signature> signature_of(const std::vector<std::uint64_t>& term_hashes) {
  if (term_hashes.empty()) return std::nullopt;
  Signature sig;
  sig.fill(UINT32_MAX);
  std::size_t n = term_hashes.size();
  for (std::size_t i = 0; i + 2 < n || (n < 3 && i == 0); ++i) {
    std::uint64_t shingle = term_hashes[i];
    for (std::size_t k = 1; k < 3 && i + k < n; ++k)
      shingle = mix(shingle * 31 + term_hashes[i + k]);
    for (std::size_t h = 0; h < kHashes; ++h)
      sig[h] =
          std::min(sig[h], static_cast<std::uint32_t>(mix(shingle ^ (h * 0x9e3779b97f4a7c15ULL))));
  }
  return sig;
}

std::string encode(const Signature& sig) {
  return std::string(reinterpret_cast<const char*>(sig.data()), sizeof(Signature));
}

std::string band_term(const Signature& sig, std::size_t band) {
  std::uint64_t h = band;
  for (std::size_t r = 0; r < kRows; ++r) h = mix(h * 1000003 + sig[band * kRows + r]);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%zu%016llx", band, static_cast<unsigned long long>(h));
  return std::string(schema::kBand) + buf;
}

struct Prepared {
  std::string id;
  std::vector<Xapian::Document> passages;
  std::optional<Signature> signature;
  std::size_t bytes = 0;
  std::size_t value_bytes = 0;  // the passages' values, about
};

// The title counts for every passage (its words, without positions); title:
// queries and title phrases use the S-prefixed copy on the first passage.
void add_title(Xapian::Document& doc, const std::vector<Token>& title, bool first_passage) {
  for (const auto& t : title) {
    if (!t.entity.empty()) {  // a name of several words: its term at its first word
      doc.add_term(t.entity);
      if (first_passage) doc.add_posting(std::string(schema::kTitle) + t.entity, t.position + 1);
    }
    if (t.term.empty()) continue;
    doc.add_term(t.term);
    if (first_passage) doc.add_posting(std::string(schema::kTitle) + t.term, t.position + 1);
  }
}

// Without positions, the passage's words in order (schema::WordOrder), as
// ranks in its vocabulary: its word terms, from the body and the title.
std::string word_order(const std::vector<Token>& body, const std::vector<Token>& title) {
  std::vector<std::string_view> vocabulary;
  for (const auto* tokens : {&body, &title})
    for (const auto& t : *tokens)
      for (const std::string* term : {&t.term, &t.entity})
        if (!term->empty()) vocabulary.push_back(*term);
  std::sort(vocabulary.begin(), vocabulary.end());
  vocabulary.erase(std::unique(vocabulary.begin(), vocabulary.end()), vocabulary.end());
  if (vocabulary.size() >= schema::WordOrder::kNoRank ||
      !std::all_of(vocabulary.begin(), vocabulary.end(), schema::is_word_term))
    return {};  // phrases are then checked by analysing the passage
  auto rank = [&](const std::string& term) {
    return static_cast<std::uint16_t>(std::lower_bound(vocabulary.begin(), vocabulary.end(), term) -
                                      vocabulary.begin());
  };
  schema::WordOrder order;
  order.ranks.assign(body.empty() ? 0 : body.back().position + 1, schema::WordOrder::kNoRank);
  if (order.ranks.size() > schema::WordOrder::kNoRank) return {};
  for (const auto& t : body) {
    if (!t.term.empty()) order.ranks[t.position] = rank(t.term);
    if (!t.entity.empty())
      order.names.emplace_back(static_cast<std::uint16_t>(t.position), rank(t.entity));
  }
  return schema::encode_word_order(order);
}

// @p positions: index the body words with their positions (see
// Index::Options::positions), else their order (word_order); the title's S
// terms always have positions.
Prepared prepare(const Article& a, Analyzer& analyzer, bool positions) {
  if (a.id.empty() || a.id.size() > kMaxIdBytes)
    throw Error(Error::Code::bad_argument,
                "article id must be 1 to " + std::to_string(kMaxIdBytes) + " bytes");
  Prepared out;
  out.id = a.id;
  out.bytes = a.title.size() + a.body.size();
  std::vector<Token> title = analyzer.analyze(a.title);
  std::vector<Token> tokens;
  std::vector<std::uint64_t> term_hashes;

  auto spans = split_passages(a.body);
  if (spans.empty()) spans.push_back({0, 0, 0});  // a title-only article is still findable
  std::string date = schema::date_value(a.date);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    std::string_view text =
        std::string_view(a.body).substr(spans[i].start, spans[i].end - spans[i].start);
    Xapian::Document doc;
    analyzer.analyze(text, tokens);
    for (const auto& t : tokens) {
      if (t.term.empty() && t.entity.empty()) continue;
      if (positions) {
        if (!t.entity.empty()) doc.add_posting(t.entity, t.position + 1);  // beside the word
        if (!t.term.empty()) doc.add_posting(t.term, t.position + 1);
      } else {
        if (!t.entity.empty()) doc.add_term(t.entity);
        if (!t.term.empty()) doc.add_term(t.term);
      }
      if (t.term.empty()) continue;
      term_hashes.push_back(std::hash<std::string>{}(t.term));
    }
    add_title(doc, title, i == 0);
    doc.add_boolean_term(std::string(schema::kId) + a.id);
    if (!a.source.empty()) doc.add_boolean_term(schema::source_term(a.source));
    if (!date.empty()) doc.add_value(schema::kDate, date);
    doc.add_value(schema::kArticleId, a.id);
    doc.add_value(schema::kPassage, std::to_string(i));
    schema::StoredPassage stored{a.id,  a.title,           a.date, a.source,
                                 a.url, std::string(text), i,      spans[i].paragraph};
    if (!positions && !tokens.empty()) stored.word_order = word_order(tokens, title);
    out.value_bytes += schema::store(stored, doc) + 64;  // and the small values
    out.passages.push_back(std::move(doc));
  }
  if (term_hashes.empty())
    for (const auto& t : title)
      if (!t.term.empty()) term_hashes.push_back(std::hash<std::string>{}(t.term));
  out.signature = signature_of(term_hashes);
  return out;
}

std::string lock_holder(const std::string& path) {
  std::ifstream in(fs::path(path) / "naba.pid");
  std::string pid;
  in >> pid;
  return pid.empty() ? "unknown" : pid;
}

// Xapian glass creates its empty tables first and its revision file
// (iamglass) last, and every commit replaces that file whole; so a folder with
// tables but no revision file is an index whose creation was killed midway,
// and it holds nothing. Such a folder is created again, not refused.
bool creation_interrupted(const std::string& path) {
  std::error_code ec;
  if (fs::exists(fs::path(path) / "iamglass", ec)) return false;
  bool tables = false;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.path().extension() != ".glass") continue;
    if (entry.file_size(ec) != 0) return false;
    tables = true;
  }
  return tables;
}

}  // namespace

std::string default_index_path() {
  if (const char* env = std::getenv("NABA_DB"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "naba" / "index").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : ".") / ".local" / "share" / "naba" / "index").string();
}

// Writing: every failure becomes naba::Error (common/xapian_error.h). A
// failed write commits nothing: the index keeps its last commit.
template <typename F>
auto translate_errors(const std::string& path, F f) -> decltype(f()) {
  return xapian_error::with_translated_errors(
      "writing index " + path + " (the index keeps its last commit)", f);
}

struct Index::Impl {
  std::string path;
  Options options;
  Xapian::WritableDatabase db;
  Analyzer analyzer;
  IndexProgress counts;
  std::size_t since_commit = 0;
  // What the next commit writes of values (make_room_for_values), about: the
  // documents' own, and for each article deleted the value chunks that held
  // its passages, rewritten.
  std::size_t value_bytes = 0;
  static constexpr std::size_t kValuesRewrittenPerDelete = 64 << 10;
  bool broken = false;       // a write failed: commit nothing more
  std::uint64_t ingest = 0;  // the last ingest number given (schema::kIngest)
  bool positions = true;     // body words are indexed with positions

  Impl(const std::string& p, Options o) : path(p), options(o) {
    try {
      fs::create_directories(path);
      int flags =
          Xapian::DB_BACKEND_GLASS |
          (creation_interrupted(path) ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
      if (options.wait_for_lock) flags |= Xapian::DB_RETRY_LOCK;
      db = Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
      throw Error(
          Error::Code::locked,
          "index " + path + " is locked by another naba process (pid " + lock_holder(path) + ")");
    } catch (...) {
      xapian_error::rethrow_translated("opening index " + path);
    }
    std::ofstream(fs::path(path) / "naba.pid") << getpid() << '\n';
    if (db.get_metadata(schema::kFormat).empty())
      db.set_metadata(schema::kFormat, schema::kFormatVersion);
    // A new index takes the positions option; an existing one keeps its own.
    if (db.get_doccount() == 0 && db.get_metadata(schema::kBodyPositions).empty())
      db.set_metadata(schema::kBodyPositions, options.positions ? "1" : "0");
    positions = schema::has_body_positions(db);
    ingest = schema::last_ingest(db);
    db.begin_transaction(false);
  }

  // The story of a new article: that of an indexed article whose MinHash
  // signature nearly matches, else the article's own id.
  std::string find_story(const Prepared& p) {
    if (!p.signature) return p.id;
    for (std::size_t band = 0; band < kBands; ++band) {
      std::string term = band_term(*p.signature, band);
      std::size_t looked = 0;
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && looked < 16;
           ++it, ++looked) {
        Xapian::Document doc = db.get_document(*it);
        std::string other = doc.get_value(schema::kSignature);
        if (other.size() != sizeof(Signature)) continue;
        Signature sig;
        std::memcpy(sig.data(), other.data(), sizeof sig);
        std::size_t same = 0;
        for (std::size_t h = 0; h < kHashes; ++h) same += sig[h] == (*p.signature)[h];
        if (same >= kSameStoryMatches) return doc.get_value(schema::kStoryId);
      }
    }
    return p.id;
  }

  // @p known_story: the story already found (sharded indexing), else looked up here.
  // @p known_new: no article with this id is indexed (nothing to replace).
  void write(Prepared& p, const std::string* known_story = nullptr, bool known_new = false) {
    std::string id_term = std::string(schema::kId) + p.id;
    if (!known_new && db.term_exists(id_term)) {  // re-indexing replaces, never duplicates
      db.delete_document(id_term);
      value_bytes += kValuesRewrittenPerDelete;
    }
    std::string story = known_story ? *known_story : find_story(p);
    std::string ingest_value = Xapian::sortable_serialise(static_cast<double>(++ingest));
    for (std::size_t i = 0; i < p.passages.size(); ++i) {
      auto& doc = p.passages[i];
      doc.add_value(schema::kStoryId, story);
      doc.add_value(schema::kIngest, ingest_value);
      if (i == 0) {
        doc.add_boolean_term(std::string(schema::kStory) + story);
        if (p.signature) {
          doc.add_value(schema::kSignature, encode(*p.signature));
          for (std::size_t band = 0; band < kBands; ++band)
            doc.add_boolean_term(band_term(*p.signature, band));
        }
      }
      db.add_document(doc);
    }
    ++counts.articles;
    counts.passages += p.passages.size();
    counts.bytes += p.bytes;
    value_bytes += p.value_bytes;
    if (++since_commit >= options.batch_size) commit();
  }

  // Runs a write; a failed write leaves the writer broken: a failed flush may have left half an
  // article pending, so nothing more may be committed.
  template <typename F>
  auto guarded(F f) -> decltype(f()) {
    if (broken)
      throw Error(Error::Code::io,
                  "index " + path + " had a write error; nothing after its last commit is kept");
    try {
      return translate_errors(path, f);
    } catch (const Error& e) {
      if (e.code() == Error::Code::io) broken = true;  // not for a bad article
      throw;
    }
  }

  // Between commits a transaction is open (unflushed: it commits nothing
  // itself), because Xapian commits what is pending when a database is closed
  // outside one, also after a failed write; inside one, it cancels it.
  void commit() {
    bool wrote = since_commit > 0;
    db.set_metadata(schema::kLastCommit, utc_now());
    db.set_metadata(schema::kIngestSeq, std::to_string(ingest));  // lands with its batch
    make_room_for_values();
    db.commit_transaction();
    try {
      db.commit();
    } catch (...) {
      db.begin_transaction(false);
      throw;
    }
    db.begin_transaction(false);
    counts.committed = counts.articles;
    since_commit = 0;
    value_bytes = 0;
    if (wrote && options.on_commit) options.on_commit();
  }

  // Glass writes a commit's values from a destructor (its ValueUpdater), so a
  // full disk there ends the process (std::terminate) where any other write
  // fails with an exception. So the postings are written first (a writable
  // database's allterms_begin writes them out, committing nothing), and the
  // commit goes ahead only if what is left, the values above all, fits twice
  // over: a full disk then fails before it, as an exception.
  void make_room_for_values() {
    if (value_bytes == 0) return;
    db.allterms_begin();
    std::error_code ec;
    const auto space = fs::space(path, ec);
    const std::uintmax_t needed = 2 * value_bytes + (std::uintmax_t{1} << 20);
    if (!ec && space.available < needed)
      throw Xapian::DatabaseError(
          "cannot commit " + std::to_string(needed >> 10) + " KiB of values to " + path, ENOSPC);
  }
};

Index::Index(const std::string& path) : Index(path, Options{}) {}
Index::Index(const std::string& path, Options options)
    : impl_(std::make_unique<Impl>(path, options)) {}

Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

Index::~Index() {
  try {
    if (impl_ && !impl_->broken) impl_->commit();
  } catch (...) {
  }
}

std::size_t Index::add(const Article& article) {
  return impl_->guarded([&] {
    Prepared p = prepare(article, impl_->analyzer, impl_->positions);
    impl_->write(p);
    return p.passages.size();
  });
}

bool Index::remove(const std::string& id) {
  return impl_->guarded([&] {
    std::string term = std::string(schema::kId) + id;
    if (impl_->db.get_termfreq(term) == 0) return false;
    impl_->db.delete_document(term);
    impl_->value_bytes += Impl::kValuesRewrittenPerDelete;
    return true;
  });
}

void Index::commit() {
  impl_->guarded([&] { impl_->commit(); });
}

const IndexProgress& Index::progress() const {
  return impl_->counts;
}

namespace {

IndexStats stats_of(const Xapian::Database& db, const std::string& path) {
  IndexStats s;
  s.passages = db.get_doccount();
  auto count = [&](std::string_view prefix) {
    std::size_t n = 0;
    for (auto it = db.allterms_begin(std::string(prefix));
         it != db.allterms_end(std::string(prefix)); ++it)
      ++n;
    return n;
  };
  s.articles = count(schema::kId);  // one Q term per article, whatever its passages
  s.stories = count(schema::kStory);
  s.sources = count(schema::kSource);
  auto iso = [](std::string v) {
    return v.size() == 8 ? v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2)
                         : std::string();
  };
  s.first_date = iso(db.get_value_lower_bound(schema::kDate));
  s.last_date = iso(db.get_value_upper_bound(schema::kDate));
  s.last_commit = db.get_metadata(schema::kLastCommit);
  std::error_code ec;  // a file vanishing under a concurrent commit is no error
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file(ec)) s.bytes += it->file_size(ec);
  return s;
}

}  // namespace

IndexStats index_stats(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw Error(Error::Code::not_found, "no index at " + path + "; create one with naba index");
  const std::string db_path = stub_file::shard_folder_stub(path).value_or(path);
  return xapian_error::with_translated_errors("reading index " + path, [&] {
    // each attempt on a new reader (as a search does)
    return schema::retry_read([&] { return stats_of(schema::open_reader(db_path), path); }, [] {});
  });
}

IndexStats Index::stats() const {
  return translate_errors(impl_->path, [&] { return stats_of(impl_->db, impl_->path); });
}

const std::string& Index::path() const {
  return impl_->path;
}

// ---- Bulk indexing: add_all, and sharded (docs/scaling.md) ----
namespace {

// Stories as one index holding every article would find them
// (Index::Impl::find_story), found on the analysis thread, in input order, so
// the Xapian writer never reads: against the articles the index held before
// this run and this run's (kept here), at most 16 per LSH band.
class StoryFinder {
 public:
  // One index: its earlier articles are looked up in a reader of @p path as
  // committed, and this run's articles are kept here until forget_committed()
  // (a reader that lost its revision to the writer's commits reopens: the
  // articles of this run that it then sees are skipped while kept here).
  explicit StoryFinder(const std::string& path)
      : path_(path), committed_(schema::open_reader(path)) {}

  // One index: the first @p n articles of this run (in story_of order) are
  // committed; the reader is brought up to date and they are forgotten here,
  // so memory holds only what the writer has not committed yet.
  void forget_committed(std::size_t n) {
    if (!committed_ || n <= forgotten_) return;
    reading([&] { committed_->reopen(); });
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

  // Shards: their earlier articles' signatures are loaded at the start (a
  // reader kept open across the shards' commits would lose its revision).
  explicit StoryFinder(const std::vector<std::string>& shard_paths) {
    for (const auto& path : shard_paths) {
      if (!fs::exists(fs::path(path) / "iamglass")) continue;
      Xapian::Database db(path);
      std::unordered_map<Xapian::docid, std::uint32_t> known;
      for (auto t = db.allterms_begin(std::string(schema::kBand));
           t != db.allterms_end(std::string(schema::kBand)); ++t) {
        auto& members = bands_[std::hash<std::string>{}(*t)];
        for (auto d = db.postlist_begin(*t); d != db.postlist_end(*t) && members.size() < kLooked;
             ++d) {
          auto [entry, fresh] = known.try_emplace(*d, static_cast<std::uint32_t>(seen_.size()));
          if (fresh) {
            Xapian::Document doc = db.get_document(*d);
            std::string sig = doc.get_value(schema::kSignature);
            Seen s{{}, doc.get_value(schema::kStoryId), doc.get_value(schema::kArticleId), 0};
            if (sig.size() == sizeof(Signature))
              std::memcpy(s.signature.data(), sig.data(), sizeof sig);
            latest_[s.id] = entry->second;
            seen_.push_back(std::move(s));
          }
          members.push_back(entry->second);
        }
      }
    }
  }

  // Whether no article with @p id was indexed before (one index only: a
  // shard's earlier articles are not all known here). Ask before story_of(p).
  bool is_new(const std::string& id) {
    if (!committed_ || latest_.count(id)) return false;
    std::string term = std::string(schema::kId) + id;
    return reading([&] { return committed_->get_termfreq(term) == 0; });
  }

  std::string story_of(const Prepared& p) {
    std::size_t seq = calls_++;
    if (committed_) recent_.emplace_back(seq, p.id);
    auto [entry, fresh] = latest_.try_emplace(p.id, kNone);
    if (!fresh && entry->second != kNone)
      seen_[entry->second].replaced = true;  // as deleted from its index
    entry->second = kNone;
    if (!p.signature) return p.id;
    std::string story = find(p);
    if (story.empty()) story = p.id;
    auto article = static_cast<std::uint32_t>(seen_.size());
    seen_.push_back({*p.signature, story, p.id, seq});
    latest_[p.id] = article;
    remember_bands(article);
    return story;
  }

 private:
  static constexpr std::size_t kLooked = 16;
  static constexpr std::uint32_t kNone = UINT32_MAX;  // an article without a signature
  struct Seen {
    Signature signature;
    std::string story, id;
    std::size_t seq;  // its story_of call in this run
    bool replaced = false;
  };
  std::string path_;
  std::optional<Xapian::Database> committed_;
  std::size_t calls_ = 0, forgotten_ = 0;
  std::deque<std::pair<std::size_t, std::string>> recent_;  // (seq, id) not yet forgotten
  std::vector<Seen> seen_;
  // Every id of this run (and a shard's earlier ones) → its latest entry in seen_, or kNone.
  std::unordered_map<std::string, std::uint32_t> latest_;
  std::unordered_map<std::size_t, std::vector<std::uint32_t>> bands_;

  void remember_bands(std::uint32_t article) {
    for (std::size_t band = 0; band < kBands; ++band) {
      auto& members = bands_[std::hash<std::string>{}(band_term(seen_[article].signature, band))];
      if (members.size() < kLooked) members.push_back(article);
    }
  }

  static bool same_story(const Signature& a, const Signature& b) {
    std::size_t same = 0;
    for (std::size_t h = 0; h < kHashes; ++h) same += a[h] == b[h];
    return same >= kSameStoryMatches;
  }

  // Runs @p f on the committed reader, again on a new one when the writer's
  // commits took its revision away (with a commit every 5 articles, one
  // retry was not always enough).
  template <typename F>
  auto reading(F f) -> decltype(f()) {
    return schema::retry_read(f, [&] { committed_ = schema::open_reader(path_); });
  }

  // The story of a committed article in @p term's band, counting the articles
  // looked at in @p looked; articles written in this run are left to seen_.
  std::string find_committed(const std::string& term, const Signature& sig, std::size_t& looked) {
    return reading([&]() -> std::string {
      looked = 0;
      for (auto it = committed_->postlist_begin(term);
           it != committed_->postlist_end(term) && looked < kLooked; ++it) {
        Xapian::Document doc = committed_->get_document(*it);
        if (latest_.count(doc.get_value(schema::kArticleId))) continue;
        ++looked;
        std::string other = doc.get_value(schema::kSignature);
        if (other.size() != sizeof(Signature)) continue;
        Signature theirs;
        std::memcpy(theirs.data(), other.data(), sizeof theirs);
        if (same_story(theirs, sig)) return doc.get_value(schema::kStoryId);
      }
      return {};
    });
  }

  std::string find(const Prepared& p) {
    for (std::size_t band = 0; band < kBands; ++band) {
      std::string term = band_term(*p.signature, band);
      std::size_t looked = 0;
      if (committed_) {
        std::string story = find_committed(term, *p.signature, looked);
        if (!story.empty()) return story;
      }
      auto members = bands_.find(std::hash<std::string>{}(term));
      if (members == bands_.end()) continue;
      for (auto article : members->second) {
        const Seen& other = seen_[article];
        if (other.replaced || other.id == p.id) continue;  // deleted, or being replaced
        if (looked++ >= kLooked) break;
        if (same_story(other.signature, *p.signature)) return other.story;
      }
    }
    return {};
  }
};

std::string shard_path(const std::string& dir, std::size_t k) {
  return (fs::path(dir) / ("shard-" + std::to_string(k))).string();
}

}  // namespace

void Index::add_all(CorpusReader& reader,
                    const std::function<void(const IndexProgress&)>& progress) {
  // Analysis and story lookup (reader thread) and Xapian writes (this
  // thread) overlap; the stories are looked up in the index as committed.
  struct Item {
    Prepared prepared;
    std::string story;
    bool is_new;
  };
  std::optional<StoryFinder> stories;
  impl_->guarded([&] {
    impl_->commit();
    stories.emplace(impl_->path);
  });
  // The writer takes the whole queue at a time, and hands the written items
  // back for the reader thread to free. A failed read closes the queue (what
  // came before is written); a failed write stops the reader.
  BoundedQueue<Item> queue(256);
  std::exception_ptr read_failure;
  std::atomic<std::size_t> committed = 0;  // articles of this run committed

  std::thread producer([&] {
    Analyzer analyzer;
    Article article;
    try {
      while (reader.next(article)) {
        Prepared p = prepare(article, analyzer, impl_->positions);
        stories->forget_committed(committed.load(std::memory_order_acquire));
        bool is_new = stories->is_new(p.id);
        std::string story = stories->story_of(p);
        if (!queue.push({std::move(p), std::move(story), is_new})) break;
      }
    } catch (...) {
      read_failure = std::current_exception();
    }
    queue.close();
  });

  try {
    std::deque<Item> taken;
    std::size_t written = 0;
    while (queue.take_all(taken)) {
      for (auto& item : taken) {
        impl_->guarded([&] { impl_->write(item.prepared, &item.story, item.is_new); });
        ++written;
        if (impl_->since_commit == 0) committed.store(written, std::memory_order_release);
        if (progress) progress(impl_->counts);
      }
    }
  } catch (...) {
    queue.fail(std::current_exception());
  }
  producer.join();
  if (auto failure = read_failure ? read_failure : queue.failure())
    translate_errors(impl_->path, [&] { std::rethrow_exception(failure); });
  commit();
}

std::size_t shard_of(std::string_view id, std::size_t shards) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bits
  for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ULL;
  return static_cast<std::size_t>(h % shards);
}

std::size_t existing_shards(const std::string& dir) {
  auto stub = stub_file::shard_folder_stub(dir);
  return stub ? stub_file::read(*stub).size() : 0;
}

IndexProgress index_sharded(const std::string& dir, std::size_t shards, CorpusReader& reader,
                            Index::Options options,
                            const std::function<void(const IndexProgress&)>& progress) {
  if (shards < 1 || shards > 256) throw Error(Error::Code::bad_argument, "--shards takes 1 to 256");
  if (std::size_t n = existing_shards(dir); n && n != shards)
    throw Error(Error::Code::bad_argument,
                dir + " holds " + std::to_string(n) + " shards: index into it with --shards " +
                    std::to_string(n) + " (the shard of an article depends on the count)");
  if (fs::exists(fs::path(dir) / "iamglass"))
    throw Error(Error::Code::bad_argument, dir + " is a single index, not a folder of shards");
  std::vector<std::string> paths;
  for (std::size_t k = 0; k < shards; ++k) paths.push_back(shard_path(dir, k));
  // Shards may be served remotely (xapian-tcpsrv), where naba cannot check a
  // phrase against passage text: they keep word positions.
  options.positions = true;
  std::vector<std::unique_ptr<Index::Impl>> writers;
  std::optional<StoryFinder> stories;
  translate_errors(dir, [&] {
    stories.emplace(paths);
    for (const auto& p : paths) writers.push_back(std::make_unique<Index::Impl>(p, options));
  });
  {
    std::ofstream stub(fs::path(dir) / stub_file::kShardsStub);
    stub << "# naba index --shards " << shards
         << ": article id -> shard (FNV-1a 64-bit hash of the id) mod " << shards << "\n";
    for (std::size_t k = 0; k < shards; ++k) stub << "auto shard-" << k << "\n";
    if (!stub) throw Error(Error::Code::io, "cannot write " + dir + "/shards.stub");
  }

  // This thread reads, analyses and finds stories (in input order); one
  // thread per shard writes it, so the shards' Xapian writes run in parallel.
  struct Item {
    Prepared prepared;
    std::string story;
  };
  std::vector<std::unique_ptr<BoundedQueue<Item>>> queues;
  for (std::size_t k = 0; k < shards; ++k)
    queues.push_back(std::make_unique<BoundedQueue<Item>>(128));
  std::atomic<std::size_t> articles = 0, passages = 0, bytes = 0;

  auto fail = [&](std::exception_ptr e) {  // a failed write stops every shard and the reader
    for (auto& queue : queues) queue->fail(e);
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < shards; ++k) {
    threads.emplace_back([&, k] {
      try {
        while (auto item = queues[k]->pop()) {
          translate_errors(dir, [&] { writers[k]->write(item->prepared, &item->story); });
          bytes += item->prepared.bytes;
          passages += item->prepared.passages.size();
          ++articles;
        }
        if (queues[k]->failure()) return;
        translate_errors(dir, [&] { writers[k]->commit(); });
      } catch (...) {
        fail(std::current_exception());
      }
    });
  }

  std::exception_ptr stopped;  // a bad line under --strict: what came before is kept
  try {
    Analyzer analyzer;
    Article article;
    while (reader.next(article)) {
      Prepared p = prepare(article, analyzer, options.positions);
      std::string story = translate_errors(dir, [&] { return stories->story_of(p); });
      std::size_t k = shard_of(p.id, shards);
      if (!queues[k]->push({std::move(p), std::move(story)})) break;
      if (progress) progress({articles, passages, bytes, 0});
    }
  } catch (...) {
    stopped = std::current_exception();
  }
  for (auto& queue : queues) queue->close();
  for (auto& t : threads) t.join();
  for (auto& queue : queues)
    if (auto failure = queue->failure()) std::rethrow_exception(failure);
  IndexProgress total{articles, passages, bytes, articles};
  if (stopped) {
    if (progress) progress(total);
    std::rethrow_exception(stopped);
  }
  return total;
}

void merge_shards(const std::string& dir, const std::string& output) {
  auto stub = stub_file::shard_folder_stub(dir);
  if (!stub)
    throw Error(Error::Code::not_found, "no shards.stub in " + dir + " (naba index --shards)");
  if (fs::exists(output) && !(fs::is_directory(output) && fs::is_empty(output)))
    throw Error(Error::Code::bad_argument, "cannot merge into " + output + ": it exists");
  const auto shards = stub_file::read(*stub);
  translate_errors(dir, [&] {
    Xapian::Database all;
    for (const auto& shard : shards) all.add_database(stub_file::open_shard(shard));
    all.compact(output, Xapian::DBCOMPACT_MULTIPASS);
  });
}

}  // namespace naba
