/** @file alerts.h
 *  Saved-query alerts: saved searches run over newly indexed articles, each
 *  new match delivered at least once and never lost (docs/alerts.md).
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "naba/export.h"
#include "naba/search.h"

namespace naba {

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
  /** Articles with an ingest number up to this one have been looked at. */
  std::uint64_t cursor = 0;
};

/** What one alert delivers in a run: new matching articles, ranked, each with
 *  its best passage highlighted. */
struct AlertDelivery {
  const Alert* alert = nullptr;
  std::vector<SearchResult> matches;
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
};

struct AlertRunStats {
  std::size_t alerts = 0;      ///< alerts run
  std::size_t candidates = 0;  ///< alerts whose terms all occur in the new articles
  std::size_t matches = 0;     ///< (alert, article) pairs delivered
  std::size_t articles = 0;    ///< new articles looked at (the widest alert's batch)
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

  /** Saves @p alert. Throws Error(bad_query) with the parser's message when
   *  its query does not parse, Error(bad_argument) for a taken name or a bad
   *  date. Without a since date the alert starts at what is indexed next. */
  void add(const Alert& alert);

  /** Articles now in the index that @p alert matches (0 when there is no
   *  index yet): an alert that matches nothing is probably mistyped. */
  std::size_t count_matches(const Alert& alert);

  /** The saved alerts, by name. */
  std::vector<Alert> list();

  /** Deletes the alert @p name and its record; false if there was none. */
  bool remove(const std::string& name);

  /** Runs the alerts over what was indexed since each last delivered. For each
   *  alert with new matches, calls @p deliver, which must write the delivery
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
