// Index: one Xapian database written between commits (Index::Impl), and what
// it holds (stats). The article's way into documents is document_builder,
// its story story_finder; add_all is index_pipeline, shards shards.cc.
#include <unistd.h>

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "common/clock.h"
#include "common/index_path.h"
#include "common/read_retry.h"
#include "common/safe_file.h"
#include "common/schema.h"
#include "common/stored_article.h"
#include "common/stub_file.h"
#include "indexer/index_impl.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/index.h"

namespace naba {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPidFile = "naba.pid";

// Who holds Xapian's lock, as the pid file says: a hint for the message only
// (Xapian's lock is the lock), so anything but a number is "unknown".
std::string lock_holder(const std::string& path) {
  std::string pid;
  try {
    pid = safe_file::read((fs::path(path) / kPidFile).string(), 32).value_or("");
  } catch (const Error&) {
  }
  while (!pid.empty() && pid.back() == '\n') pid.pop_back();
  bool number = !pid.empty() && std::all_of(pid.begin(), pid.end(),
                                            [](unsigned char c) { return std::isdigit(c); });
  return number ? pid : "unknown";
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

Index::Impl::Impl(const std::string& p, Options o) : path(p), options(o) {
  try {
    fs::create_directories(path);
    int flags =
        Xapian::DB_BACKEND_GLASS |
        (creation_interrupted(path) ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN);
    if (options.wait_for_lock) flags |= Xapian::DB_RETRY_LOCK;
    db = Xapian::WritableDatabase(path, flags);
  } catch (const Xapian::DatabaseLockError&) {
    // Xapian reports a lock file it may not create as a lock held by another.
    if (::access(path.c_str(), W_OK) != 0)
      throw Error(Error::Code::io, "cannot write index " + path + ": " + std::strerror(errno));
    throw Error(Error::Code::locked, "index " + path + " is locked by another naba process (pid " +
                                         lock_holder(path) + ")");
  } catch (...) {
    xapian_error::rethrow_translated("opening index " + path);
  }
  try {  // a hint for a second writer's message: never worth failing for
    safe_file::replace((fs::path(path) / kPidFile).string(), std::to_string(getpid()) + "\n");
  } catch (const Error&) {
  }
  try {
    schema::check_format(db, path);
  } catch (...) {
    db.close();  // the lock goes with it
    throw;
  }
  if (db.get_metadata(schema::kFormat) != schema::kFormatVersion)  // new, or read as older
    db.set_metadata(schema::kFormat, schema::kFormatVersion);
  passages = std::strtoull(db.get_metadata(schema::kPassageCount).c_str(), nullptr, 10);
  passage_words = std::strtoull(db.get_metadata(schema::kPassageWords).c_str(), nullptr, 10);
  // A new index takes the positions option; an existing one keeps its own.
  for (const char* key : {schema::kBodyPositions, schema::kTitlePositions})
    if (db.get_doccount() == 0 && db.get_metadata(key).empty())
      db.set_metadata(key, options.positions ? "1" : "0");
  if (db.get_doccount() == 0) db.set_metadata(schema::kAnalyzerVersion, Analyzer::version());
  positions = {schema::has_body_positions(db), schema::has_title_positions(db)};
  ingest = schema::last_ingest(db);
  db.begin_transaction(false);
  stories.emplace(indexer::StoryFinder::of_writer(db));
}

void Index::Impl::write(indexer::Prepared& p, const std::string* known_story, bool known_new) {
  std::string id_term = std::string(schema::kId) + p.id;
  if (!known_new && db.term_exists(id_term)) remove(id_term);  // re-indexing replaces
  std::string story = known_story ? *known_story : stories->story_of(p.id, p.signature);
  ++ingest;
  indexer::store_text(p);
  Xapian::Document& doc = p.doc;
  doc.add_value(schema::kShapeSlot, schema::with_written(p.shape, story, ingest));
  doc.add_value(schema::kStoryId, story);
  doc.add_value(schema::kIngest, Xapian::sortable_serialise(static_cast<double>(ingest)));
  doc.add_boolean_term(std::string(schema::kStory) + story);
  if (p.signature) {
    doc.add_value(schema::kSignature, minhash::encode(*p.signature));
    for (std::size_t band = 0; band < minhash::kLookupBands; ++band)
      doc.add_boolean_term(minhash::band_term(*p.signature, band));
  }
  db.add_document(doc);
  passages += p.passages;
  passage_words += p.passage_words;
  ++counts.articles;
  counts.passages += p.passages;
  counts.bytes += p.bytes;
  value_bytes += p.value_bytes;
  if (++since_commit >= options.batch_size) commit();
}

void Index::Impl::remove(const std::string& id_term) {
  for (auto it = db.postlist_begin(id_term); it != db.postlist_end(id_term); ++it) {
    auto [n, words] = schema::passages_of(db.get_document(*it));
    passages -= std::min(passages, n);
    passage_words -= std::min(passage_words, words);
  }
  db.delete_document(id_term);
  value_bytes += kValuesRewrittenPerDelete;
}

// Between commits a transaction is open (unflushed: it commits nothing
// itself), because Xapian commits what is pending when a database is closed
// outside one, also after a failed write; inside one, it cancels it.
void Index::Impl::commit() {
  bool wrote = since_commit > 0;
  db.set_metadata(schema::kLastCommit, utc_now());
  db.set_metadata(schema::kIngestSeq, std::to_string(ingest));  // lands with its batch
  db.set_metadata(schema::kArticleCount, std::to_string(db.get_doccount()));
  db.set_metadata(schema::kPassageCount, std::to_string(passages));
  db.set_metadata(schema::kPassageWords, std::to_string(passage_words));
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
void Index::Impl::make_room_for_values() {
  if (value_bytes == 0) return;
  db.allterms_begin();
  std::error_code ec;
  const auto space = fs::space(path, ec);
  const std::uintmax_t needed = 2 * value_bytes + (std::uintmax_t{1} << 20);
  if (!ec && space.available < needed)
    throw Xapian::DatabaseError(
        "cannot commit " + std::to_string(needed >> 10) + " KiB of values to " + path, ENOSPC);
}

std::string default_index_path() {
  if (const char* env = std::getenv("NABA_DB"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return (fs::path(xdg) / "naba" / "index").string();
  const char* home = std::getenv("HOME");
  return (fs::path(home && *home ? home : ".") / ".local" / "share" / "naba" / "index").string();
}

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
    indexer::Prepared p = indexer::prepare(article, impl_->analyzer, impl_->positions);
    impl_->write(p);
    return p.passages;
  });
}

bool Index::remove(const std::string& id) {
  return impl_->guarded([&] {
    std::string term = std::string(schema::kId) + id;
    if (impl_->db.get_termfreq(term) == 0) return false;
    impl_->remove(term);
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

// The size of the files under @p path; of its local shards' when it names a stub
// (so a folder of shards and its shards.stub give the same size).
std::uint64_t bytes_on_disk(const std::string& path) {
  std::uint64_t bytes = 0;
  if (auto stub = stub_file::stub_of(path)) {
    for (const auto& shard : stub_file::read(*stub))
      if (!shard.remote()) bytes += bytes_on_disk(shard.path);
    return bytes;
  }
  std::error_code ec;  // a file vanishing under a concurrent commit is no error
  auto size = [](const fs::path& file) {
    std::error_code gone;
    const std::uintmax_t n = fs::file_size(file, gone);
    return gone ? 0 : n;
  };
  if (fs::is_regular_file(path, ec)) return size(path);
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file(ec)) bytes += size(it->path());
  return bytes;
}

IndexStats stats_of(const Xapian::Database& db, const std::string& path) {
  IndexStats s;
  for (auto v = db.valuestream_begin(schema::kPassages); v != db.valuestream_end(schema::kPassages);
       ++v)
    s.passages += std::strtoull((*v).c_str(), nullptr, 10);
  auto count = [&](std::string_view prefix) {
    std::size_t n = 0;
    for (auto it = db.allterms_begin(std::string(prefix));
         it != db.allterms_end(std::string(prefix)); ++it)
      ++n;
    return n;
  };
  s.articles = db.get_doccount();
  s.stories = count(schema::kStory);
  s.sources = count(schema::kSource);
  auto iso = [](std::string v) {
    return v.size() == 8 ? v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2)
                         : std::string();
  };
  s.first_date = iso(db.get_value_lower_bound(schema::kDate));
  s.last_date = iso(db.get_value_upper_bound(schema::kDate));
  s.last_commit = db.get_metadata(schema::kLastCommit);
  s.analyzer = db.get_metadata(schema::kAnalyzerVersion);
  s.bytes = bytes_on_disk(path);
  return s;
}

}  // namespace

void require_index(const std::string& path) {
  index_path::require(path);
}

IndexStats index_stats(const std::string& path) {
  index_path::require(path);
  return xapian_error::with_translated_errors("reading index " + path, [&] {
    // each attempt on a new reader (as a search does)
    return schema::retry_read([&] { return stats_of(stub_file::open_index(path), path); }, [] {});
  });
}

IndexStats Index::stats() const {
  return translate_errors(impl_->path, [&] { return stats_of(impl_->db, impl_->path); });
}

const std::string& Index::path() const {
  return impl_->path;
}

}  // namespace naba
