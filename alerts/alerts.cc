// Saved-query alerts. A run: open the index at one commit (each shard of a
// sharded index at one commit, each followed by a cursor of its own); skip
// the alerts needing a term that no article indexed since they last ran has
// (Searcher::may_match); run the others as naba searches restricted to those
// articles (SearchOptions::ingested_after); hand each alert's new matches to
// the caller or to their channel (alerts/delivery.h), and only then record
// them as delivered (docs/alerts.md).
#include "naba/alerts.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "alerts/channel_sender.h"
#include "alerts/cursors.h"
#include "alerts/delivery.h"
#include "alerts/message.h"
#include "alerts/parts.h"
#include "alerts/record.h"
#include "alerts/schema.h"
#include "alerts/search_pool.h"
#include "alerts/signature.h"
#include "alerts/store.h"
#include "alerts/webhook.h"
#include "common/clock.h"
#include "common/file_lock.h"
#include "naba/error.h"
#include "naba/index.h"
#include "naba/search.h"
#include "naba/text.h"

namespace naba {
namespace {

namespace fs = std::filesystem;
using alerts::AlertSearch;
using alerts::Part;
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

// Refuses a channel that could not work, before it is saved.
void check_channel(const AlertChannel& c) {
  if (!c.webhook.empty() && !c.exec.empty())
    throw Error(Error::Code::bad_argument,
                "an alert has one channel: --webhook or --exec, not both");
  if (!c.webhook.empty() && !alerts::is_webhook_url(c.webhook))
    throw Error(Error::Code::bad_argument,
                "a webhook is an http:// or https:// URL without spaces, got '" + c.webhook + "'");
  if (text::has_control_character(c.exec))
    throw Error(Error::Code::bad_argument, "an --exec command cannot hold control characters");
}

bool has_channel(const Alert& a) {
  return !a.channel.webhook.empty() || !a.channel.exec.empty();
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
  std::optional<Store> opened;   // none until an alert is saved: reading creates nothing
  bool delivery_columns = true;  // false for a read-only store from before channels

  explicit Impl(const std::string& path) : index_path(path), store_file(store_path_for(path)) {
    require_index(path);  // never an alert store in a folder that is no index
    std::error_code ec;   // a symbolic link is refused when opened (NOFOLLOW)
    if (fs::symlink_status(store_file, ec).type() == fs::file_type::not_found) return;
    open(writable(store_file) ? Store::Mode::existing : Store::Mode::read_only);
  }

  void open(Store::Mode mode) {
    Store& s = opened.emplace(store_file, mode);
    if (mode == Store::Mode::read_only) {  // read as it is
      delivery_columns = alerts::has_delivery_columns(s);
      return;
    }
    s.exec("PRAGMA journal_mode=WAL");
    s.exec("PRAGMA synchronous=NORMAL");  // WAL: durable against a killed process
    alerts::create_or_migrate(s);
  }

  // The store, created by the first write.
  Store& store() {
    if (!opened) open(Store::Mode::create);
    return *opened;
  }

  std::vector<Alert> load(const std::vector<std::string>& names) {
    std::vector<Alert> out;
    if (opened) {  // else no alert is saved
      auto s = store().prepare(
          delivery_columns
              ? "SELECT name, query, source, since, created, last_run, cursor,"
                " (SELECT count(*) FROM delivered d WHERE d.alert = a.name), webhook, exec,"
                " digest, last_success, last_failure, failure, failing, pending"
                " FROM alerts a ORDER BY name"
              : "SELECT name, query, source, since, created, last_run, cursor,"
                " (SELECT count(*) FROM delivered d WHERE d.alert = a.name)"
                " FROM alerts a ORDER BY name");
      while (s.step()) {
        Alert a;
        a.name = s.text(0);
        a.query = s.text(1);
        a.source = s.text(2);
        a.since = s.text(3);
        a.created = s.text(4);
        a.last_run = s.text(5);
        a.cursor = static_cast<std::uint64_t>(s.integer(6));
        a.delivered = static_cast<std::size_t>(s.integer(7));
        if (delivery_columns) {
          a.channel = {s.text(8), s.text(9), s.integer(10) != 0};
          a.last_success = s.text(11);
          a.last_failure = s.text(12);
          a.failure = s.text(13);
          a.failing = s.integer(14) != 0;
          a.pending = static_cast<std::size_t>(s.integer(15));
        }
        if (names.empty() || std::find(names.begin(), names.end(), a.name) != names.end())
          out.push_back(std::move(a));
      }
    }
    for (const auto& n : names)
      if (std::none_of(out.begin(), out.end(), [&](const Alert& a) { return a.name == n; }))
        throw Error(Error::Code::not_found, "no alert named '" + n + "'");
    return out;
  }

  SearchOptions options_for(const Alert& a, std::uint64_t cursor, std::uint64_t through) const {
    SearchOptions o;
    o.limit = static_cast<std::size_t>(std::max<std::uint64_t>(1, through - cursor));
    o.source = a.source;
    o.since = a.since;
    o.all_duplicates = true;  // every article is news to the desk, wire copies too
    o.ingested_after = cursor;
    o.ingested_through = through;
    o.reopen = false;  // the batch belongs to the commit this run opened
    return o;
  }

  std::string secret_of(const std::string& name) {
    auto s = store().prepare("SELECT secret FROM alerts WHERE name = ?");
    s.bind(1, name);
    std::string secret;
    while (s.step()) secret = s.text(0);
    return secret;
  }

  AlertRunStats run(const AlertRunOptions& options,
                    const std::function<void(const AlertDelivery&)>& deliver) {
    std::optional<FileLock> lock;  // one run at a time: no match delivered twice
    if (opened && !options.dry_run) lock.emplace(store_file + ".lock");  // a dry run writes nothing
    AlertRunStats stats;
    std::vector<Alert> alerts = load(options.names);
    stats.alerts = alerts.size();
    if (alerts.empty()) return stats;
    const bool sharded = !alerts::local_shards(index_path).empty();  // refuses remote shards
    std::optional<Searcher> index = open_index(index_path);
    if (!index) return stats;  // nothing indexed yet
    if (!options.dry_run && !sharded) {
      alerts::follow_index(store(), index->index_uuid());
      alerts = load(options.names);  // the cursors may have been reset
    }
    // Each part (the index, or each shard) at one commit: its last article.
    std::vector<Part> parts = alerts::open_parts(index_path);
    const std::vector<std::vector<std::uint64_t>> from =
        alerts::cursors(store(), alerts, parts, sharded);
    auto has_new = [&](std::size_t i) {
      for (std::size_t k = 0; k < parts.size(); ++k)
        if (from[i][k] < parts[k].through) return true;
      return false;
    };

    // First the candidates (alerts whose needed terms all occur in their
    // batch of a part), parsed once with the index's aliases...
    std::vector<AlertSearch> candidates;
    for (std::size_t i = 0; i < alerts.size(); ++i) {
      if (!has_new(i)) continue;
      const Alert& a = alerts[i];
      std::size_t articles = 0;
      for (std::size_t k = 0; k < parts.size(); ++k) {
        if (from[i][k] >= parts[k].through) continue;
        articles += parts[k].through - from[i][k];
        SearchOptions o = options_for(a, from[i][k], parts[k].through);
        // A parse per part: the pool searches an alert's parts at once, and
        // copies of a Query share Xapian objects whose counts are not atomic
        // (one shared by two shards' searches crashed about one run in 200).
        Query query = index->parse(a.query);
        if (parts[k].searcher.may_match(query, o))
          candidates.push_back({&a, std::move(query), o, k});
      }
      stats.articles = std::max(stats.articles, articles);
    }
    stats.candidates = candidates.size();
    // ... searched on every core, and delivered one alert after the other.
    std::vector<std::string> paths;
    for (const Part& p : parts) paths.push_back(p.path);
    SearchPool pool(paths, candidates);

    auto delivered = store().prepare("SELECT 1 FROM delivered WHERE alert = ? AND article = ?");
    // Deliveries are recorded a group of alerts at a time, once written out
    // and flushed (losing them on a crash loses nothing: they come again).
    std::vector<alerts::Done> done;        // looked at since the last record
    std::vector<alerts::Written> written;  // delivered since the last record
    std::size_t delivering = 0;
    auto last_record = std::chrono::steady_clock::now();
    stats.run_id = alerts::new_run_id();

    // What a delivery of @p out took (@p taken, by match) moves @p d: its
    // pairs are written, its cursors stop before the first match not taken.
    auto account = [&](alerts::Done& d, const AlertDelivery& out,
                       const std::vector<std::size_t>& part_of, const std::vector<bool>& taken,
                       std::size_t i) {
      for (std::size_t m = 0; m < out.matches.size(); ++m) {
        const SearchResult& r = out.matches[m];
        if (taken[m]) {
          written.push_back({&out.alert->name, r.id, r.ingest});
          ++d.delivered;
        } else {  // the cursor of its part stops before it: the next run finds it again
          ++d.pending;
          std::uint64_t& c = d.cursors[part_of[m]];
          c = std::max(from[i][part_of[m]], std::min(c, r.ingest - 1));
        }
      }
      stats.matches += d.delivered;
      stats.pending += d.pending;
      stats.failed += !d.failure.empty();
    };
    // Webhooks and commands are sent on threads of their own; an alert sent
    // there waits, kept by its place in alerts (its ticket), until its
    // outcome is back.
    struct Sending {
      alerts::Done done;
      std::vector<std::size_t> part_of;
    };
    std::optional<alerts::ChannelSender> sender;
    std::unordered_map<std::size_t, Sending> sending;
    auto collect = [&](std::vector<alerts::ChannelSender::Sent> sent) {
      for (auto& [ticket, out, outcome] : sent) {
        auto it = sending.find(ticket);
        alerts::Done& d = done.emplace_back(std::move(it->second.done));
        d.failure = outcome.failure;
        d.refused = outcome.refused;
        account(d, out, it->second.part_of, outcome.delivered, ticket);
        sending.erase(it);
      }
    };
    auto flush_and_record = [&] {
      if (sender) collect(sender->take_done());
      if (options.flush) options.flush();
      if (!options.dry_run) alerts::record(store(), done, written, parts, sharded);
      done.clear();
      written.clear();
      delivering = 0;
      last_record = std::chrono::steady_clock::now();
    };
    // Waiting for the senders, what they delivered is recorded as often as
    // the rest: after a crash, only that much is sent again.
    auto record_while_sending = [&] {
      collect(sender->take_done(kRecordAfter));
      if (std::chrono::steady_clock::now() - last_record > kRecordAfter) flush_and_record();
    };
    auto next_candidate = candidates.begin();
    for (std::size_t i = 0; i < alerts.size(); ++i) {
      if (!has_new(i)) continue;
      const Alert& a = alerts[i];
      if (options.stop && options.stop()) {  // the rest wait for the next run
        stats.stopped = true;
        break;
      }
      // Its matches in every part, with the part each is in.
      std::vector<std::pair<SearchResult, std::size_t>> found;
      for (; next_candidate != candidates.end() && next_candidate->alert == &a; ++next_candidate)
        for (auto& r : pool.take(next_candidate - candidates.begin()).results)
          found.emplace_back(std::move(r), next_candidate->part);
      if (parts.size() > 1) {  // best first, as one search ranks them
        std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
          return x.first.score != y.first.score ? x.first.score > y.first.score
                                                : x.first.id < y.first.id;
        });
        for (std::size_t j = 0; j < found.size(); ++j) found[j].first.rank = j + 1;
      }
      AlertDelivery out{&a, {}};
      std::vector<std::size_t> part_of;        // of each of out.matches
      std::unordered_set<std::string> listed;  // an id in two shards of a stub: once
      if (!found.empty()) {
        Transaction read(store(), "BEGIN");  // one read transaction for the lookups
        for (auto& [r, k] : found) {
          delivered.bind(1, a.name).bind(2, r.id);
          bool seen = delivered.step();
          delivered.reset();
          if (seen) continue;  // re-indexed since, or delivered by a run killed before recording
          if (!listed.insert(r.id).second) continue;
          out.matches.push_back(std::move(r));
          part_of.push_back(k);
        }
        read.commit();
      }
      alerts::Done d;
      d.alert = &a;
      for (std::size_t k = 0; k < parts.size(); ++k)
        d.cursors.push_back(std::max(from[i][k], parts[k].through));
      if (out.matches.empty()) {
        done.push_back(std::move(d));
        continue;
      }
      if (has_channel(a) && !options.dry_run) {
        if (!sender) sender.emplace(stats.run_id, options.retry, options.stop);
        while (sender->full()) record_while_sending();
        sending.emplace(i, Sending{std::move(d), std::move(part_of)});
        sender->send(i, std::move(out), secret_of(a.name));
      } else {
        deliver(out);  // written out when it returns (and flushed, without options.flush)
        account(done.emplace_back(std::move(d)), out, part_of,
                std::vector<bool>(out.matches.size(), true), i);
      }
      if (++delivering == kRecordGroup ||
          std::chrono::steady_clock::now() - last_record > kRecordAfter)
        flush_and_record();
    }
    while (sender && sender->outstanding()) record_while_sending();
    flush_and_record();
    return stats;
  }
};

Alerts::Alerts(const std::string& index_path) : impl_(std::make_unique<Impl>(index_path)) {}
Alerts::~Alerts() = default;

const std::string& Alerts::store_path() const {
  return impl_->store_file;
}

std::string Alerts::add(const Alert& alert) {
  if (alert.name.empty() || alert.name.front() == '-' ||
      alert.name.find_first_of(" \t\n") != std::string::npos)
    throw Error(Error::Code::bad_argument,
                "an alert name is one word not starting with '-', got '" + alert.name + "'");
  if (text::has_control_character(alert.name))  // it is printed on terminals
    throw Error(Error::Code::bad_argument, "an alert name cannot hold control characters");
  SearchOptions saved;
  saved.since = alert.since;
  Searcher::check(alert.query, saved);  // the searcher's message for a bad date or query
  check_channel(alert.channel);
  // From what is indexed next: the index's last ingest number, or each shard's.
  const bool sharded = !alerts::local_shards(impl_->index_path).empty();  // refuses remote ones
  std::uint64_t cursor = 0;
  std::vector<Part> shards;
  if (auto index = open_index(impl_->index_path); index && alert.since.empty()) {
    if (sharded) {
      shards = alerts::open_parts(impl_->index_path);
    } else {
      alerts::follow_index(impl_->store(), index->index_uuid());
      cursor = index->last_ingest();
    }
  }
  Transaction t(impl_->store());
  auto exists = impl_->store().prepare("SELECT 1 FROM alerts WHERE name = ?");
  exists.bind(1, alert.name);
  if (exists.step())
    throw Error(Error::Code::bad_argument, "an alert named '" + alert.name + "' already exists");
  std::string secret = alerts::new_secret();
  impl_->store()
      .prepare(
          "INSERT INTO alerts(name, query, source, since, created, cursor, webhook, exec, digest,"
          " secret) VALUES(?,?,?,?,?,?,?,?,?,?)")
      .bind(1, alert.name)
      .bind(2, alert.query)
      .bind(3, alert.source)
      .bind(4, alert.since)
      .bind(5, utc_now())
      .bind(6, static_cast<std::int64_t>(cursor))
      .bind(7, alert.channel.webhook)
      .bind(8, alert.channel.exec)
      .bind(9, static_cast<std::int64_t>(alert.channel.digest))
      .bind(10, secret)
      .run();
  std::vector<std::uint64_t> through;
  for (const Part& p : shards) through.push_back(p.through);
  alerts::save_shard_cursors(impl_->store(), alert.name, shards, through);
  t.commit();
  return secret;
}

std::string Alerts::set(const std::string& name, const AlertChange& change) {
  Alert a = impl_->load({name}).front();  // throws for an unknown name
  const bool had_channel = has_channel(a);
  if (change.channel) a.channel = *change.channel;
  if (change.digest) a.channel.digest = *change.digest;
  check_channel(a.channel);
  // The secret is shown when an alert gets a channel (it was not when it
  // printed on standard output), and drawn for a store from before secrets.
  bool new_secret = change.rotate_secret || (has_channel(a) && !had_channel) ||
                    (has_channel(a) && impl_->secret_of(name).empty());
  std::string secret = new_secret ? alerts::new_secret() : "";
  Transaction t(impl_->store());
  impl_->store()
      .prepare(
          "UPDATE alerts SET webhook = ?, exec = ?, digest = ?,"
          " secret = CASE WHEN ? != '' THEN ? ELSE secret END WHERE name = ?")
      .bind(1, a.channel.webhook)
      .bind(2, a.channel.exec)
      .bind(3, static_cast<std::int64_t>(a.channel.digest))
      .bind(4, secret)
      .bind(5, secret)
      .bind(6, name)
      .run();
  t.commit();
  return secret;
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
  impl_->store().prepare("DELETE FROM shard_cursors WHERE alert = ?").bind(1, name).run();
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
