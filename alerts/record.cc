#include "alerts/record.h"

#include "alerts/cursors.h"
#include "common/clock.h"

namespace naba::alerts {

void record(Store& store, const std::vector<Done>& done, const std::vector<Written>& written,
            const std::vector<Part>& parts, bool sharded) {
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
  // A delivery clears a failure, unless a later message of the run failed.
  auto move = store.prepare(
      "UPDATE alerts SET cursor = CASE WHEN ?8 THEN cursor ELSE ?1 END, last_run = ?2,"
      " pending = ?3,"
      " last_success = CASE WHEN ?4 THEN ?2 ELSE last_success END,"
      " last_failure = CASE WHEN ?5 != '' THEN ?2 ELSE last_failure END,"
      " failure = CASE WHEN ?5 != '' THEN ?5 WHEN ?4 THEN '' ELSE failure END,"
      " failing = CASE WHEN ?6 THEN 1 WHEN ?4 THEN 0 ELSE failing END WHERE name = ?7");
  for (const Done& d : done) {
    move.bind(1, static_cast<std::int64_t>(d.cursors[0]))
        .bind(2, now)
        .bind(3, static_cast<std::int64_t>(d.pending))
        .bind(4, static_cast<std::int64_t>(d.delivered > 0))
        .bind(5, d.failure)
        .bind(6, static_cast<std::int64_t>(d.refused))
        .bind(7, d.alert->name)
        .bind(8, static_cast<std::int64_t>(sharded))
        .run();
    if (sharded) save_shard_cursors(store, d.alert->name, parts, d.cursors);
  }
  t.commit();
}

}  // namespace naba::alerts
