/** @file alerts.h
 *  Saved-query alerts: saved searches run over newly indexed articles, each
 *  new match delivered at least once and never lost (docs/alerts.md).
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "naba/export.h"
#include "naba/search.h"

namespace naba {

/** Where an alert's messages go (docs/alerts.md): standard output (the
 *  caller's deliver callback) unless webhook or exec is set. */
struct AlertChannel {
  /** POST each message as JSON to this http:// or https:// URL, signed and
   *  with an Idempotency-Key. */
  std::string webhook;
  /** Or write each message to this shell command's standard input; an exit
   *  status other than 0 keeps its matches pending. */
  std::string exec;
  /** One message per run holding every new match (with a plain-text
   *  summary), instead of one message per match. */
  bool digest = false;
};

/** A saved search. */
struct Alert {
  std::string name;
  /** The query, in naba search's language. */
  std::string query;
  /** Only articles from this source (empty: any). */
  std::string source;
  /** Only articles dated on or after YYYY-MM-DD (empty: any). Given when the
   *  alert is saved, its first run also covers what is already indexed. */
  std::string since;
  // Set by Alerts (ignored by add):
  std::string created;        ///< UTC, ISO-8601
  std::string last_run;       ///< UTC, ISO-8601; empty if never run
  std::size_t delivered = 0;  ///< articles delivered so far
  /** Articles with an ingest number up to this one have been looked at. One
   *  index only: over shards, each shard has a cursor of its own (kept in the
   *  store) and this is 0. */
  std::uint64_t cursor = 0;
  AlertChannel channel;
  // Its deliveries (set by Alerts):
  std::string last_success;  ///< UTC, ISO-8601, of the last delivered message; empty if none
  std::string last_failure;  ///< UTC, ISO-8601, of the last failed delivery; empty if none
  /** Why the last delivery failed, e.g. "HTTP 404: start of the body";
   *  empty once a delivery succeeds. */
  std::string failure;
  /** A receiver refused its messages (HTTP 4xx other than 408 and 429):
   *  someone must fix the URL or the receiver. Cleared by a delivery. */
  bool failing = false;
  /** Matches the last run could not deliver: the next run sends them again. */
  std::size_t pending = 0;
};

/** A change to a saved alert (Alerts::set): what is set changes. */
struct AlertChange {
  /** A new channel: setting a webhook clears exec and the reverse; both
   *  empty means standard output. */
  std::optional<AlertChannel> channel;
  /** Only the digest setting, keeping the channel. */
  std::optional<bool> digest;
  /** Draw a new secret: the old one no longer signs. */
  bool rotate_secret = false;
};

/** What one alert delivers in a run: new matching articles, ranked, each with
 *  its best passage highlighted. */
struct AlertDelivery {
  const Alert* alert = nullptr;
  std::vector<SearchResult> matches;
};

/** How hard a run tries to deliver a webhook message before leaving its
 *  matches pending for the next run. */
struct DeliveryRetry {
  /** Attempts per message (connection refused, timeout, 5xx, 408, 429). */
  unsigned attempts = 5;
  /** Wait before the second attempt, doubled after each (429's Retry-After
   *  wins). */
  double backoff_seconds = 0.5;
  /** No new attempt starts this long after the first. */
  double give_up_seconds = 60;
  /** One attempt (or an --exec command) gives up after this long. */
  double timeout_seconds = 10;
};

struct AlertRunOptions {
  /** Alerts to run (empty: all). */
  std::vector<std::string> names;
  /** Show what would be delivered without recording it. */
  bool dry_run = false;
  /** When set, called before deliveries are recorded: it must make what the
   *  deliver callbacks wrote durable (e.g. fflush and fsync), so they need not
   *  flush each delivery themselves. */
  std::function<void()> flush;
  /** Webhook retries and timeouts. */
  DeliveryRetry retry;
  /** When set and true, the run stops after the delivery in progress (e.g.
   *  on SIGTERM): what is left stays pending. */
  std::function<bool()> stop;
};

struct AlertRunStats {
  std::size_t alerts = 0;      ///< alerts run
  std::size_t candidates = 0;  ///< alerts whose terms all occur in the new articles
  std::size_t matches = 0;     ///< (alert, article) pairs delivered
  std::size_t articles = 0;    ///< new articles looked at (the widest alert's batch)
  std::size_t failed = 0;      ///< alerts whose channel failed: their matches stay pending
  std::size_t pending = 0;     ///< (alert, article) pairs left pending
  bool stopped = false;        ///< AlertRunOptions::stop cut the run short
  std::string run_id;          ///< this run, as messages name it
};

/** The alerts of one index, kept in SQLite beside it (INDEX/alerts.sqlite,
 *  WAL mode: alerts run while naba index writes). One run at a time per index:
 *  a second run() waits for the first. Not thread-safe: use from one thread. */
class NABA_API Alerts {
 public:
  /** Opens the alert store of the index at @p index_path; the store is
   *  created by the first add(), so reading (list, a dry run) creates no
   *  file. Throws Error(not_found) "no index at PATH" unless there is an index
   *  there (require_index), Error(io) if the store cannot be opened. */
  explicit Alerts(const std::string& index_path);
  ~Alerts();
  Alerts(const Alerts&) = delete;
  Alerts& operator=(const Alerts&) = delete;

  /** Saves @p alert and returns its new secret, which signs its webhook
   *  messages (shown once: it cannot be read back, only rotated). Throws
   *  Error(bad_query) with the parser's message when its query does not
   *  parse, Error(bad_argument) for a taken name, a bad date or a webhook URL
   *  that is not http:// or https://. Without a since date the alert starts at
   *  what is indexed next. */
  std::string add(const Alert& alert);

  /** Changes the alert @p name (its channel, digest or secret). Returns the
   *  new secret when @p change rotates it or gives a webhook or exec channel
   *  to an alert that had none, else "". Throws Error(not_found)
   *  for an unknown name, Error(bad_argument) for a bad webhook URL. */
  std::string set(const std::string& name, const AlertChange& change);

  /** Articles now in the index that @p alert matches (0 when there is no
   *  index yet): an alert that matches nothing is probably mistyped. */
  std::size_t count_matches(const Alert& alert);

  /** The saved alerts, by name. */
  std::vector<Alert> list();

  /** Deletes the alert @p name and its record; false if there was none. */
  bool remove(const std::string& name);

  /** Runs the alerts over what was indexed since each last delivered. An
   *  alert with a webhook or exec channel is delivered there (signed, retried
   *  per options.retry); one whose channel fails keeps its cursor before its
   *  first undelivered match, so the next run sends it again, and the other
   *  alerts go on. For each other alert with new matches (and every alert in
   *  a dry run), calls @p deliver, which must write the delivery
   *  out before it returns, and flush it unless options.flush does. Matches
   *  are recorded as delivered only after that, a group of alerts at a time
   *  (after options.flush). If the process dies before, the next run
   *  delivers them again: at least once, never lost. Throws Error(not_found)
   *  for an unknown name. */
  AlertRunStats run(const AlertRunOptions& options,
                    const std::function<void(const AlertDelivery&)>& deliver);

  /** The path of the alert store. */
  const std::string& store_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace naba
