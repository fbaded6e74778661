// Saved-query alerts. A run: open the index at one commit; skip the alerts
// needing a term that no article indexed since they last ran has
// (Searcher::may_match); run the others as naba searches restricted to those
// articles (SearchOptions::ingested_after); hand each alert's new matches to
// the caller, and only then record them as delivered (docs/alerts.md).
#include "naba/alerts.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include "alerts/search_pool.h"
#include "alerts/store.h"
#include "common/clock.h"
#include "common/file_lock.h"
#include "common/stub_file.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "naba/text.h"

namespace naba {
namespace {

namespace fs = std::filesystem;
using alerts::AlertSearch;
using alerts::SearchPool;
using alerts::Store;
using alerts::Transaction;

std::string store_path_for(const std::string& index_path) {
  fs::path p(index_path);
  if (fs::is_regular_file(p)) return index_path + ".alerts.sqlite";  // a stub file
  return (p / "alerts.sqlite").string();
}

// True if this process may write @p file and create files beside it (SQLite's -wal, -shm).
bool writable(const std::string& file) {
  const fs::path folder = fs::path(file).parent_path();
  return ::access(file.c_str(), W_OK) == 0 &&
         ::access(folder.empty() ? "." : folder.c_str(), W_OK) == 0;
}

// A Searcher of the index at @p path; none if it has gone since Alerts opened.
std::optional<Searcher> open_index(const std::string& path) {
  if (!fs::exists(path)) return std::nullopt;
  try {
    return Searcher(path);
  } catch (const Error& e) {
    if (e.code() == Error::Code::not_found) return std::nullopt;
    throw;
  }
}

}  // namespace

// Deliveries are recorded in groups: one flush and one transaction for many
// alerts; after a crash, at most a group (this many alerts, or what was
// delivered in this time) is delivered again.
constexpr std::size_t kRecordGroup = 256;
constexpr std::chrono::milliseconds kRecordAfter{50};

struct Alerts::Impl {
  std::string index_path;
  std::string store_file;
  std::optional<Store> opened;  // none until an alert is saved: reading creates nothing

  explicit Impl(const std::string& path) : index_path(path), store_file(store_path_for(path)) {
    require_index(path);  // never an alert store in a folder that is no index
    // Each shard numbers its articles from 1, so a cursor over ingest numbers
    // cannot say what is new across shards: refused, never silent (issue 20
    // is to make them work).
    if (stub_file::stub_of(path))
      throw Error(Error::Code::bad_argument,
                  "alerts do not work over a sharded index (" + path +
                      "): each shard numbers its articles on its own, so new matches could be "
                      "missed; keep alerts on an index in one folder (naba index --merge "
                      "writes one from the shards)");
    std::error_code ec;  // a symbolic link is refused when opened (NOFOLLOW)
    if (fs::symlink_status(store_file, ec).type() == fs::file_type::not_found) return;
    open(writable(store_file) ? Store::Mode::existing : Store::Mode::read_only);
  }

  void open(Store::Mode mode) {
    Store& s = opened.emplace(store_file, mode);
    if (mode == Store::Mode::read_only) return;  // read as it is
    s.exec("PRAGMA journal_mode=WAL");
    s.exec("PRAGMA synchronous=NORMAL");  // WAL: durable against a killed process
    s.exec(R"(
      CREATE TABLE IF NOT EXISTS alerts(
        name TEXT PRIMARY KEY, query TEXT NOT NULL, source TEXT NOT NULL, since TEXT NOT NULL,
        created TEXT NOT NULL, last_run TEXT NOT NULL DEFAULT '',
        cursor INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS delivered(
        alert TEXT NOT NULL, article TEXT NOT NULL, ingest INTEGER NOT NULL,
        at TEXT NOT NULL, PRIMARY KEY(alert, article)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);)");
  }

  // The store, created by the first write.
  Store& store() {
    if (!opened) open(Store::Mode::create);
    return *opened;
  }

  std::string meta(const char* key) {
    auto s = store().prepare("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    std::string v;
    while (s.step()) v = s.text(0);
    return v;
  }

  void set_meta(const char* key, const std::string& value) {
    store()
        .prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)")
        .bind(1, key)
        .bind(2, value)
        .run();
  }

  // A rebuilt index numbers its articles from 1 again: start every alert over,
  // the delivered record still keeps each article from being delivered twice.
  void follow_index(Searcher& index) {
    std::string uuid = index.index_uuid(), known = meta("index_uuid");
    if (uuid == known) return;
    Transaction t(store());
    if (!known.empty()) store().exec("UPDATE alerts SET cursor = 0");
    set_meta("index_uuid", uuid);
    t.commit();
  }

  std::vector<Alert> load(const std::vector<std::string>& names) {
    std::vector<Alert> out;
    if (opened) {  // else no alert is saved
      auto s = store().prepare(
          "SELECT name, query, source, since, created, last_run, cursor,"
          " (SELECT count(*) FROM delivered d WHERE d.alert = a.name) FROM alerts a ORDER BY name");
      while (s.step()) {
        Alert a{s.text(0),
                s.text(1),
                s.text(2),
                s.text(3),
                s.text(4),
                s.text(5),
                static_cast<std::size_t>(s.integer(7)),
                static_cast<std::uint64_t>(s.integer(6))};
        if (names.empty() || std::find(names.begin(), names.end(), a.name) != names.end())
          out.push_back(std::move(a));
      }
    }
    for (const auto& n : names)
      if (std::none_of(out.begin(), out.end(), [&](const Alert& a) { return a.name == n; }))
        throw Error(Error::Code::not_found, "no alert named '" + n + "'");
    return out;
  }

  SearchOptions options_for(const Alert& a, std::uint64_t through) const {
    SearchOptions o;
    o.limit = static_cast<std::size_t>(std::max<std::uint64_t>(1, through - a.cursor));
    o.source = a.source;
    o.since = a.since;
    o.all_duplicates = true;  // every article is news to the desk, wire copies too
    o.ingested_after = a.cursor;
    o.ingested_through = through;
    o.reopen = false;  // the batch belongs to the commit this run opened
    return o;
  }

  struct Written {  // a delivered (alert, article) pair, not recorded yet
    const std::string* alert;
    std::string article;
    std::uint64_t ingest;
  };

  // Records that every alert in @p done has looked at articles up to
  // @p through, and the pairs @p written, in one transaction.
  void record(const std::vector<const Alert*>& done, std::uint64_t through,
              const std::vector<Written>& written) {
    if (done.empty()) return;
    Transaction t(store());
    std::string now = utc_now();
    auto insert = store().prepare(
        "INSERT OR IGNORE INTO delivered(alert, article, ingest, at) VALUES(?, ?, ?, ?)");
    for (const auto& w : written)
      insert.bind(1, *w.alert)
          .bind(2, w.article)
          .bind(3, static_cast<std::int64_t>(w.ingest))
          .bind(4, now)
          .run();
    auto move = store().prepare("UPDATE alerts SET cursor = ?, last_run = ? WHERE name = ?");
    for (const Alert* a : done)
      move.bind(1, static_cast<std::int64_t>(through)).bind(2, now).bind(3, a->name).run();
    t.commit();
  }

  AlertRunStats run(const AlertRunOptions& options,
                    const std::function<void(const AlertDelivery&)>& deliver) {
    std::optional<FileLock> lock;  // one run at a time: no match delivered twice
    if (opened && !options.dry_run) lock.emplace(store_file + ".lock");  // a dry run writes nothing
    AlertRunStats stats;
    std::vector<Alert> alerts = load(options.names);
    stats.alerts = alerts.size();
    if (alerts.empty()) return stats;
    std::optional<Searcher> index = open_index(index_path);
    if (!index) return stats;  // nothing indexed yet
    if (!options.dry_run) {
      follow_index(*index);
      alerts = load(options.names);  // the cursors may have been reset
    }
    const std::uint64_t through = index->last_ingest();  // this commit's last article

    // First the candidates (alerts whose needed terms all occur in their batch)...
    std::vector<AlertSearch> candidates;
    for (const auto& a : alerts) {
      if (a.cursor >= through) continue;
      stats.articles = std::max<std::size_t>(stats.articles, through - a.cursor);
      SearchOptions o = options_for(a, through);
      Query query = index->parse(a.query);
      if (index->may_match(query, o)) candidates.push_back({&a, std::move(query), o});
    }
    stats.candidates = candidates.size();
    // ... searched on every core, and delivered one alert after the other.
    SearchPool pool(index_path, candidates);

    auto delivered = store().prepare("SELECT 1 FROM delivered WHERE alert = ? AND article = ?");
    // Deliveries are recorded a group of alerts at a time, once written out
    // and flushed (losing them on a crash loses nothing: they come again).
    std::vector<const Alert*> done;  // looked at since the last record
    std::vector<Written> written;    // delivered since the last record
    std::size_t delivering = 0;
    auto last_record = std::chrono::steady_clock::now();
    auto flush_and_record = [&] {
      if (options.flush) options.flush();
      if (!options.dry_run) record(done, through, written);
      done.clear();
      written.clear();
      delivering = 0;
      last_record = std::chrono::steady_clock::now();
    };
    auto next_candidate = candidates.begin();
    for (const auto& a : alerts) {
      if (a.cursor >= through) continue;
      SearchResults found;
      if (next_candidate != candidates.end() && next_candidate->alert == &a)
        found = pool.take(next_candidate++ - candidates.begin());
      AlertDelivery out{&a, {}};
      if (!found.results.empty()) {
        Transaction read(store(), "BEGIN");  // one read transaction for the lookups
        for (auto& r : found.results) {
          delivered.bind(1, a.name).bind(2, r.id);
          bool seen = delivered.step();
          delivered.reset();
          if (seen) continue;  // re-indexed since, or delivered by a run killed before recording
          written.push_back({&a.name, r.id, r.ingest});
          out.matches.push_back(std::move(r));
        }
        read.commit();
      }
      stats.matches += out.matches.size();
      done.push_back(&a);
      if (out.matches.empty()) continue;
      deliver(out);  // written out when it returns (and flushed, without options.flush)
      if (++delivering == kRecordGroup ||
          std::chrono::steady_clock::now() - last_record > kRecordAfter)
        flush_and_record();
    }
    flush_and_record();
    return stats;
  }
};

Alerts::Alerts(const std::string& index_path) : impl_(std::make_unique<Impl>(index_path)) {}
Alerts::~Alerts() = default;

const std::string& Alerts::store_path() const {
  return impl_->store_file;
}

void Alerts::add(const Alert& alert) {
  if (alert.name.empty() || alert.name.front() == '-' ||
      alert.name.find_first_of(" \t\n") != std::string::npos)
    throw Error(Error::Code::bad_argument,
                "an alert name is one word not starting with '-', got '" + alert.name + "'");
  if (text::has_control_character(alert.name))  // it is printed on terminals
    throw Error(Error::Code::bad_argument, "an alert name cannot hold control characters");
  SearchOptions saved;
  saved.since = alert.since;
  Searcher::check(alert.query, saved);  // the searcher's message for a bad date or query
  std::uint64_t cursor = 0;
  if (auto index = open_index(impl_->index_path); index && alert.since.empty()) {
    impl_->follow_index(*index);
    cursor = index->last_ingest();  // from what is indexed next
  }
  Transaction t(impl_->store());
  auto exists = impl_->store().prepare("SELECT 1 FROM alerts WHERE name = ?");
  exists.bind(1, alert.name);
  if (exists.step())
    throw Error(Error::Code::bad_argument, "an alert named '" + alert.name + "' already exists");
  impl_->store()
      .prepare(
          "INSERT INTO alerts(name, query, source, since, created, cursor) VALUES(?,?,?,?,?,?)")
      .bind(1, alert.name)
      .bind(2, alert.query)
      .bind(3, alert.source)
      .bind(4, alert.since)
      .bind(5, utc_now())
      .bind(6, static_cast<std::int64_t>(cursor))
      .run();
  t.commit();
}

std::size_t Alerts::count_matches(const Alert& alert) {
  if (!open_index(impl_->index_path)) return 0;
  SearchOptions o;
  o.limit = 1;
  o.source = alert.source;
  o.since = alert.since;
  o.all_duplicates = true;
  return Searcher(impl_->index_path).search(alert.query, o).total;
}

std::vector<Alert> Alerts::list() {
  return impl_->load({});
}

bool Alerts::remove(const std::string& name) {
  if (!impl_->opened) return false;  // no store, no alert
  Transaction t(impl_->store());
  impl_->store().prepare("DELETE FROM delivered WHERE alert = ?").bind(1, name).run();
  impl_->store().prepare("DELETE FROM alerts WHERE name = ?").bind(1, name).run();
  bool removed = sqlite3_changes(impl_->store().handle()) > 0;
  t.commit();
  return removed;
}

AlertRunStats Alerts::run(const AlertRunOptions& options,
                          const std::function<void(const AlertDelivery&)>& deliver) {
  return impl_->run(options, deliver);
}

}  // namespace naba
