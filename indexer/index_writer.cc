// An article's way into the index: article → analyzer tokens → passages →
// Xapian documents (prepare), then story lookup and write (write).
#include <unistd.h>

#include <xapian.h>

#include <array>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/passages.h"
#include "schema.h"

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

Prepared prepare(const Article& a, Analyzer& analyzer) {
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
      if (!t.entity.empty()) doc.add_posting(t.entity, t.position + 1);  // beside the word's term
      if (t.term.empty()) continue;
      doc.add_posting(t.term, t.position + 1);
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
    doc.set_data(schema::pack(stored));
    out.passages.push_back(std::move(doc));
  }
  if (term_hashes.empty())
    for (const auto& t : title)
      if (!t.term.empty()) term_hashes.push_back(std::hash<std::string>{}(t.term));
  out.signature = signature_of(term_hashes);
  return out;
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

std::string lock_holder(const std::string& path) {
  std::ifstream in(fs::path(path) / "naba.pid");
  std::string pid;
  in >> pid;
  return pid.empty() ? "unknown" : pid;
}

}  // namespace

std::string default_index_path() {
  if (const char* env = std::getenv("NABA_DB"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "naba" / "index").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : ".") / ".local" / "share" / "naba" / "index").string();
}

struct IndexWriter::Impl {
  std::string path;
  Options options;
  Xapian::WritableDatabase db;
  Analyzer analyzer;
  IndexProgress counts;
  std::size_t since_commit = 0;

  Impl(const std::string& p, Options o) : path(p), options(o) {
    try {
      fs::create_directories(path);
      int flags = Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS;
      if (options.wait_for_lock) flags |= Xapian::DB_RETRY_LOCK;
      db = Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
      throw Error(Error::Code::locked, "index " + path +
                                           " is locked by another naba process (pid " +
                                           lock_holder(path) + "); wait for it, or pass --wait");
    } catch (const Xapian::Error& e) {
      throw Error(Error::Code::io, "cannot open index " + path + ": " + e.get_description());
    } catch (const fs::filesystem_error& e) {
      throw Error(Error::Code::io,
                  "cannot create index folder " + path + ": " + e.code().message());
    }
    std::ofstream(fs::path(path) / "naba.pid") << getpid() << '\n';
    if (db.get_metadata(schema::kFormat).empty())
      db.set_metadata(schema::kFormat, schema::kFormatVersion);
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

  void write(Prepared& p) {
    std::string id_term = std::string(schema::kId) + p.id;
    db.delete_document(id_term);  // re-indexing replaces, never duplicates
    std::string story = find_story(p);
    for (std::size_t i = 0; i < p.passages.size(); ++i) {
      auto& doc = p.passages[i];
      doc.add_value(schema::kStoryId, story);
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
    if (++since_commit >= options.batch_size) commit();
  }

  void commit() {
    db.set_metadata(schema::kLastCommit, utc_now());
    db.commit();
    counts.committed = counts.articles;
    since_commit = 0;
  }
};

template <typename F>
auto translate_errors(F f) -> decltype(f()) {
  try {
    return f();
  } catch (const Xapian::Error& e) {
    throw Error(Error::Code::io, "index write failed: " + e.get_description());
  }
}

IndexWriter::IndexWriter(const std::string& path) : IndexWriter(path, Options{}) {}
IndexWriter::IndexWriter(const std::string& path, Options options)
    : impl_(std::make_unique<Impl>(path, options)) {}

IndexWriter::~IndexWriter() {
  try {
    if (impl_) impl_->commit();
  } catch (...) {
  }
}

std::size_t IndexWriter::add(const Article& article) {
  return translate_errors([&] {
    Prepared p = prepare(article, impl_->analyzer);
    impl_->write(p);
    return p.passages.size();
  });
}

void IndexWriter::add_all(CorpusReader& reader,
                          const std::function<void(const IndexProgress&)>& progress) {
  // Analysis (reader thread) and Xapian writes (this thread) overlap.
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Prepared> queue;
  constexpr std::size_t kQueueMax = 256;
  bool done = false;
  std::exception_ptr failure;

  std::thread producer([&] {
    Analyzer analyzer;
    Article article;
    try {
      while (reader.next(article)) {
        Prepared p = prepare(article, analyzer);
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return queue.size() < kQueueMax || failure; });
        if (failure) return;
        queue.push_back(std::move(p));
        changed.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      failure = std::current_exception();
    }
    std::lock_guard lock(mutex);
    done = true;
    changed.notify_all();
  });

  try {
    for (;;) {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return !queue.empty() || done; });
      if (queue.empty()) break;
      Prepared p = std::move(queue.front());
      queue.pop_front();
      changed.notify_all();
      lock.unlock();
      translate_errors([&] { impl_->write(p); });
      if (progress) progress(impl_->counts);
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    failure = failure ? failure : std::current_exception();
    changed.notify_all();
  }
  producer.join();
  if (failure) std::rethrow_exception(failure);
  commit();
}

bool IndexWriter::remove(const std::string& id) {
  return translate_errors([&] {
    std::string term = std::string(schema::kId) + id;
    if (impl_->db.get_termfreq(term) == 0) return false;
    impl_->db.delete_document(term);
    return true;
  });
}

void IndexWriter::commit() {
  translate_errors([&] { impl_->commit(); });
}

const IndexProgress& IndexWriter::progress() const {
  return impl_->counts;
}

IndexStats index_stats(const std::string& path) {
  if (!fs::exists(path))
    throw Error(Error::Code::not_found, "no index at " + path + "; create one with naba index");
  try {
    Xapian::Database db(path);
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
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file()) s.bytes += entry.file_size();
    return s;
  } catch (const Xapian::Error& e) {
    throw Error(Error::Code::corrupt, "cannot read index " + path + ": " + e.get_description());
  }
}

}  // namespace naba
