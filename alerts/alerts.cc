// Saved-query alerts. A run: open the index at one commit; find the document
// ids of the articles indexed since each alert last ran (ids grow with the
// ingest order, so a batch is one id range); skip the alerts needing a term
// that no document of the range has; run the others as naba searches
// restricted to the range; hand each alert's new matches to the caller, and
// only then record them as delivered (docs/alerts.md).
#include "naba/alerts.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "alerts/store.h"
#include "common/clock.h"
#include "common/control_chars.h"
#include "common/file_lock.h"
#include "common/schema.h"
#include "common/xapian_error.h"
#include "naba/aliases.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "searcher/names.h"
#include "searcher/query_parser.h"
#include "searcher/searcher_detail.h"

namespace naba {
namespace {

namespace fs = std::filesystem;
using alerts::Statement;
using alerts::Store;
using alerts::Transaction;

std::string store_path_for(const std::string& index_path) {
  fs::path p(index_path);
  if (fs::is_regular_file(p)) return index_path + ".alerts.sqlite";  // a stub file
  return (p / "alerts.sqlite").string();
}

// Documents [first, last]: a batch of new articles (OP_FILTER with it lets
// every posting list skip straight to the batch).
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last) {}
  void init(const Xapian::Database& db) override {
    db_ = db;
    it_ = db_.postlist_begin(std::string());  // every document
    end_ = db_.postlist_end(std::string());
    started_ = false;
    Xapian::doccount span = last_ >= first_ ? last_ - first_ + 1 : 0;
    termfreq_ = std::min(span, db_.get_doccount());
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void next(double) override {
    if (started_) {
      ++it_;
    } else {
      started_ = true;
      it_.skip_to(first_);
    }
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    it_.skip_to(std::max(did, first_));
  }
  bool at_end() const override { return it_ == end_ || *it_ > last_; }
  Xapian::docid get_docid() const override { return *it_; }
  DocidRange* clone() const override { return new DocidRange(first_, last_); }
  std::string get_description() const override {
    return "DocidRange(" + std::to_string(first_) + ".." + std::to_string(last_) + ")";
  }

 private:
  Xapian::docid first_, last_;
  Xapian::Database db_;
  Xapian::PostingIterator it_, end_;
  Xapian::doccount termfreq_ = 0;
  bool started_ = false;
};

// The first document of an article with an ingest number above @p n (one past
// the last document if there is none). Ingest numbers grow with document ids;
// documents indexed before ingest numbers existed have none and are skipped.
Xapian::docid first_after(const Xapian::Database& db, std::uint64_t n) {
  const Xapian::docid end = db.get_lastdocid() + 1;
  // The first numbered document at or after @p from, and its number.
  auto numbered_from = [&](Xapian::docid from) -> std::pair<Xapian::docid, std::uint64_t> {
    auto it = db.valuestream_begin(schema::kIngest);
    it.skip_to(from);
    if (it == db.valuestream_end(schema::kIngest)) return {end, UINT64_MAX};
    return {it.get_docid(), static_cast<std::uint64_t>(Xapian::sortable_unserialise(*it))};
  };
  // The smallest lo whose first numbered document has a number above n.
  Xapian::docid lo = 1, hi = end;
  while (lo < hi) {
    Xapian::docid mid = lo + (hi - lo) / 2;
    auto [docid, number] = numbered_from(mid);
    if (number > n)
      hi = mid;
    else
      lo = docid + 1;
  }
  return lo >= end ? end : numbered_from(lo).first;
}

// The articles with ingest numbers in (after, through] as a document id range,
// and which terms occur in it (looked up once per term and run).
class Batch {
 public:
  Batch(const Xapian::Database& db, std::uint64_t after, std::uint64_t through)
      : db_(db), first_(first_after(db, after)), last_(first_after(db, through) - 1) {}

  bool empty() const { return first_ > last_; }
  Xapian::Query filter() const { return Xapian::Query((new DocidRange(first_, last_))->release()); }

  bool has_term(const std::string& term) {
    auto [entry, fresh] = has_.try_emplace(term, false);
    if (fresh) {
      auto it = db_.postlist_begin(term);
      it.skip_to(first_);
      entry->second = it != db_.postlist_end(term) && *it <= last_;
    }
    return entry->second;
  }

  // False only when @p q cannot match here because a term it needs is absent:
  // AND-like operators need every operand, OR-like ones any. Anything else
  // (value ranges, wildcards, match-all) may match.
  bool may_match(const Xapian::Query& q) {
    switch (q.get_type()) {
      case Xapian::Query::LEAF_TERM:
        return has_term(*q.get_terms_begin());
      case Xapian::Query::LEAF_MATCH_NOTHING:
        return false;
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_PHRASE:
      case Xapian::Query::OP_NEAR:
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
          if (!may_match(q.get_subquery(i))) return false;
        return true;
      case Xapian::Query::OP_AND_NOT:
      case Xapian::Query::OP_AND_MAYBE:
      case Xapian::Query::OP_SCALE_WEIGHT:
        return q.get_num_subqueries() == 0 || may_match(q.get_subquery(0));
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_XOR:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_ELITE_SET:
      case Xapian::Query::OP_MAX:
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
          if (may_match(q.get_subquery(i))) return true;
        return false;
      default:
        return true;
    }
  }

 private:
  Xapian::Database db_;
  Xapian::docid first_, last_;
  std::unordered_map<std::string, bool> has_;
};

std::optional<Xapian::Database> open_index(const std::string& path) {
  if (!fs::exists(path)) return std::nullopt;
  try {
    return schema::open_reader(path);
  } catch (const Xapian::DatabaseNotFoundError&) {
    return std::nullopt;  // the folder holds only the alert store so far
  } catch (...) {
    xapian_error::rethrow_translated("opening index " + path);
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
  Store store;
  Analyzer analyzer;

  explicit Impl(const std::string& path) : index_path(path), store(prepare_path(path)) {
    store.exec("PRAGMA journal_mode=WAL");
    store.exec("PRAGMA synchronous=NORMAL");  // WAL: durable against a killed process
    store.exec(R"(
      CREATE TABLE IF NOT EXISTS alerts(
        name TEXT PRIMARY KEY, query TEXT NOT NULL, source TEXT NOT NULL, since TEXT NOT NULL,
        created TEXT NOT NULL, last_run TEXT NOT NULL DEFAULT '',
        cursor INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS delivered(
        alert TEXT NOT NULL, article TEXT NOT NULL, ingest INTEGER NOT NULL,
        at TEXT NOT NULL, PRIMARY KEY(alert, article)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);)");
  }

  static std::string prepare_path(const std::string& index_path) {
    std::error_code ec;
    if (!fs::is_regular_file(index_path)) fs::create_directories(index_path, ec);
    if (ec)
      throw Error(Error::Code::io,
                  "cannot create index folder " + index_path + ": " + ec.message());
    return store_path_for(index_path);
  }

  std::string meta(const char* key) {
    auto s = store.prepare("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    std::string v;
    while (s.step()) v = s.text(0);
    return v;
  }

  void set_meta(const char* key, const std::string& value) {
    store.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)")
        .bind(1, key)
        .bind(2, value)
        .run();
  }

  // A rebuilt index numbers its articles from 1 again: start every alert over,
  // the delivered record still keeps each article from being delivered twice.
  void follow_index(const Xapian::Database& db) {
    std::string uuid = db.get_uuid(), known = meta("index_uuid");
    if (uuid == known) return;
    Transaction t(store);
    if (!known.empty()) store.exec("UPDATE alerts SET cursor = 0");
    set_meta("index_uuid", uuid);
    t.commit();
  }

  std::vector<Alert> load(const std::vector<std::string>& names) {
    std::vector<Alert> out;
    auto s = store.prepare(
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
    for (const auto& n : names)
      if (std::none_of(out.begin(), out.end(), [&](const Alert& a) { return a.name == n; }))
        throw Error(Error::Code::not_found, "no alert named '" + n + "' (see naba alert list)");
    return out;
  }

  SearchOptions options_for(const Alert& a, std::uint64_t through) const {
    SearchOptions o;
    o.limit = static_cast<std::size_t>(std::max<std::uint64_t>(1, through - a.cursor));
    o.source = a.source;
    o.since = a.since;
    o.all_duplicates = true;  // every article is news to the desk, wire copies too
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
    Transaction t(store);
    std::string now = utc_now();
    auto insert = store.prepare(
        "INSERT OR IGNORE INTO delivered(alert, article, ingest, at) VALUES(?, ?, ?, ?)");
    for (const auto& w : written)
      insert.bind(1, *w.alert)
          .bind(2, w.article)
          .bind(3, static_cast<std::int64_t>(w.ingest))
          .bind(4, now)
          .run();
    auto move = store.prepare("UPDATE alerts SET cursor = ?, last_run = ? WHERE name = ?");
    for (const Alert* a : done)
      move.bind(1, static_cast<std::int64_t>(through)).bind(2, now).bind(3, a->name).run();
    t.commit();
  }

  AlertRunStats run(const AlertRunOptions& options,
                    const std::function<void(const AlertDelivery&)>& deliver) {
    FileLock lock(store.path() + ".lock");  // one run at a time: no match delivered twice
    AlertRunStats stats;
    std::vector<Alert> alerts = load(options.names);
    stats.alerts = alerts.size();
    std::optional<Xapian::Database> db = open_index(index_path);
    if (!db) return stats;  // nothing indexed yet
    if (!options.dry_run) {
      follow_index(*db);
      alerts = load(options.names);  // the cursors may have been reset
    }
    const std::uint64_t through = schema::last_ingest(*db);  // this commit's last article

    // Alerts usually share their cursor (the last run): one batch per cursor.
    // First the candidates (alerts whose needed terms all occur in their batch)...
    std::map<std::uint64_t, Batch> batches;
    std::vector<Candidate> candidates;
    const detail::NameTable names(Aliases(index_path), analyzer);  // with the user's aliases
    const detail::Phrases phrases = detail::phrases_in(*db);
    for (const auto& a : alerts) {
      if (a.cursor >= through) continue;
      Batch& batch = batches.try_emplace(a.cursor, *db, a.cursor, through).first->second;
      stats.articles = std::max<std::size_t>(stats.articles, through - a.cursor);
      detail::ParsedQuery parsed = detail::parse_query(a.query, analyzer, names, phrases);
      if (!batch.empty() && batch.may_match(parsed.query) &&
          (a.source.empty() || batch.has_term(schema::source_term(a.source))))
        candidates.push_back({&a, std::move(parsed), batch.filter(), {}});
    }
    stats.candidates = candidates.size();
    // ... searched on every core, and delivered one alert after the other.
    SearchPool pool(*this, candidates, through);

    auto delivered = store.prepare("SELECT 1 FROM delivered WHERE alert = ? AND article = ?");
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
    std::unordered_map<std::string, std::uint64_t> ingest_by_id;  // many alerts, one batch
    auto next_candidate = candidates.begin();
    for (const auto& a : alerts) {
      if (a.cursor >= through) continue;
      SearchResults found;
      if (next_candidate != candidates.end() && next_candidate->alert == &a)
        found = pool.take(next_candidate++ - candidates.begin());
      AlertDelivery out{&a, {}};
      if (!found.results.empty()) {
        Transaction read(store, "BEGIN");  // one read transaction for the lookups
        for (auto& r : found.results) {
          delivered.bind(1, a.name).bind(2, r.id);
          bool seen = delivered.step();
          delivered.reset();
          if (seen) continue;  // re-indexed since, or delivered by a run killed before recording
          auto [ingest, fresh] = ingest_by_id.try_emplace(r.id);
          if (fresh) ingest->second = ingest_of(*db, r.id);
          written.push_back({&a.name, r.id, ingest->second});
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

  struct Candidate {
    const Alert* alert;
    detail::ParsedQuery parsed;
    Xapian::Query batch;
    SearchResults found;
  };

  // Searches the candidates, each in its batch, in order, on one thread per
  // core (each with a Searcher of its own: Xapian objects are never shared by
  // threads), while the caller takes the results in the same order and
  // delivers them.
  class SearchPool {
   public:
    SearchPool(const Impl& impl, std::vector<Candidate>& candidates, std::uint64_t through)
        : impl_(impl), candidates_(candidates), through_(through), ready_(candidates.size()) {
      std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
      if (candidates.size() < 64) threads = 1;
      for (std::size_t t = 0; t < threads && !candidates.empty(); ++t)
        threads_.emplace_back([this] { work(); });
    }
    ~SearchPool() {
      next_ = candidates_.size();  // the caller stopped early: stop too
      for (auto& t : threads_) t.join();
    }
    SearchPool(const SearchPool&) = delete;
    SearchPool& operator=(const SearchPool&) = delete;

    // The results of candidate @p i, once searched.
    SearchResults take(std::size_t i) {
      std::unique_lock lock(mutex_);
      searched_.wait(lock, [&] { return ready_[i] || failure_; });
      if (!ready_[i]) std::rethrow_exception(failure_);
      return std::move(candidates_[i].found);
    }

   private:
    void work() {
      try {
        Searcher searcher(impl_.index_path);
        detail::SearcherAccess::share_analyses(searcher, analyses_);
        for (std::size_t i; (i = next_++) < candidates_.size();) {
          Candidate& c = candidates_[i];
          c.found = detail::SearcherAccess::search(searcher, c.parsed, c.alert->query,
                                                   impl_.options_for(*c.alert, through_), c.batch);
          std::lock_guard lock(mutex_);
          ready_[i] = true;
          searched_.notify_all();
        }
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        next_ = candidates_.size();
        searched_.notify_all();
      }
    }

    const Impl& impl_;
    std::vector<Candidate>& candidates_;
    const std::uint64_t through_;
    std::atomic<std::size_t> next_{0};
    std::mutex mutex_;
    std::condition_variable searched_;
    std::vector<char> ready_;  // guarded by mutex_
    std::exception_ptr failure_;
    std::vector<std::thread> threads_;
    std::shared_ptr<detail::SharedAnalyses> analyses_ = std::make_shared<detail::SharedAnalyses>();
  };

  static std::uint64_t ingest_of(const Xapian::Database& db, const std::string& id) {
    std::string term = std::string(schema::kId) + id;
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return 0;
    return static_cast<std::uint64_t>(
        Xapian::sortable_unserialise(db.get_document(*it).get_value(schema::kIngest)));
  }
};

Alerts::Alerts(const std::string& index_path) : impl_(std::make_unique<Impl>(index_path)) {}
Alerts::~Alerts() = default;

const std::string& Alerts::store_path() const {
  return impl_->store.path();
}

void Alerts::add(const Alert& alert) {
  if (alert.name.empty() || alert.name.front() == '-' ||
      alert.name.find_first_of(" \t\n") != std::string::npos)
    throw Error(Error::Code::bad_argument,
                "an alert name is one word not starting with '-', got '" + alert.name + "'");
  if (text::has_control_character(alert.name))  // it is printed on terminals
    throw Error(Error::Code::bad_argument, "an alert name cannot hold control characters");
  if (!alert.since.empty() && (alert.since.size() != 10 || schema::date_value(alert.since).empty()))
    throw Error(Error::Code::bad_argument,
                "--since takes a date as YYYY-MM-DD, got '" + alert.since + "'");
  detail::parse_query(alert.query, impl_->analyzer);  // throws the parser's message
  std::uint64_t cursor = 0;
  if (auto db = open_index(impl_->index_path); db && alert.since.empty()) {
    impl_->follow_index(*db);
    cursor = schema::last_ingest(*db);  // from what is indexed next
  }
  Transaction t(impl_->store);
  auto exists = impl_->store.prepare("SELECT 1 FROM alerts WHERE name = ?");
  exists.bind(1, alert.name);
  if (exists.step())
    throw Error(Error::Code::bad_argument, "an alert named '" + alert.name +
                                               "' already exists (remove it first: naba "
                                               "alert rm " +
                                               alert.name + ")");
  impl_->store
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
  Transaction t(impl_->store);
  impl_->store.prepare("DELETE FROM delivered WHERE alert = ?").bind(1, name).run();
  impl_->store.prepare("DELETE FROM alerts WHERE name = ?").bind(1, name).run();
  bool removed = sqlite3_changes(impl_->store.handle()) > 0;
  t.commit();
  return removed;
}

AlertRunStats Alerts::run(const AlertRunOptions& options,
                          const std::function<void(const AlertDelivery&)>& deliver) {
  return xapian_error::with_translated_errors("running the alerts of " + impl_->index_path,
                                              [&] { return impl_->run(options, deliver); });
}

}  // namespace naba
