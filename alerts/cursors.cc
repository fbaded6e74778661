#include "alerts/cursors.h"

namespace naba::alerts {

void follow_index(Store& store, const std::string& uuid) {
  auto s = store.prepare("SELECT value FROM meta WHERE key = 'index_uuid'");
  std::string known;
  while (s.step()) known = s.text(0);
  if (uuid == known) return;
  Transaction t(store);
  if (!known.empty()) store.exec("UPDATE alerts SET cursor = 0");
  store.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('index_uuid', ?)")
      .bind(1, uuid)
      .run();
  t.commit();
}

std::vector<std::vector<std::uint64_t>> cursors(Store& store, const std::vector<Alert>& alerts,
                                                const std::vector<Part>& parts, bool sharded) {
  std::vector<std::vector<std::uint64_t>> out;
  for (const Alert& a : alerts) out.emplace_back(parts.size(), a.cursor);
  if (!sharded) return out;
  auto s = store.prepare("SELECT cursor FROM shard_cursors WHERE alert = ? AND shard = ?");
  for (std::size_t i = 0; i < alerts.size(); ++i)
    for (std::size_t k = 0; k < parts.size(); ++k) {
      s.bind(1, alerts[i].name).bind(2, parts[k].uuid);
      out[i][k] = s.step() ? static_cast<std::uint64_t>(s.integer(0)) : 0;
      s.reset();
    }
  return out;
}

void save_shard_cursors(Store& store, const std::string& alert, const std::vector<Part>& shards,
                        const std::vector<std::uint64_t>& cursors) {
  auto s =
      store.prepare("INSERT OR REPLACE INTO shard_cursors(alert, shard, cursor) VALUES(?, ?, ?)");
  for (std::size_t k = 0; k < shards.size(); ++k)
    s.bind(1, alert).bind(2, shards[k].uuid).bind(3, static_cast<std::int64_t>(cursors[k])).run();
}

}  // namespace naba::alerts
