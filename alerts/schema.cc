#include "alerts/schema.h"

#include <string>

namespace naba::alerts {
namespace {

// Columns added to the alerts table since its first version, in order.
constexpr const char* kDeliveryColumns[] = {
    "webhook TEXT NOT NULL DEFAULT ''",      "exec TEXT NOT NULL DEFAULT ''",
    "digest INTEGER NOT NULL DEFAULT 0",     "secret TEXT NOT NULL DEFAULT ''",
    "last_success TEXT NOT NULL DEFAULT ''", "last_failure TEXT NOT NULL DEFAULT ''",
    "failure TEXT NOT NULL DEFAULT ''",      "failing INTEGER NOT NULL DEFAULT 0",
    "pending INTEGER NOT NULL DEFAULT 0",
};

bool has_column(Store& store, const std::string& name) {
  auto s = store.prepare("SELECT 1 FROM pragma_table_info('alerts') WHERE name = ?");
  s.bind(1, name);
  bool found = s.step();
  s.reset();
  return found;
}

}  // namespace

void create_or_migrate(Store& store) {
  store.exec(R"(
    CREATE TABLE IF NOT EXISTS alerts(
      name TEXT PRIMARY KEY, query TEXT NOT NULL, source TEXT NOT NULL, since TEXT NOT NULL,
      created TEXT NOT NULL, last_run TEXT NOT NULL DEFAULT '',
      cursor INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS delivered(
      alert TEXT NOT NULL, article TEXT NOT NULL, ingest INTEGER NOT NULL,
      at TEXT NOT NULL, PRIMARY KEY(alert, article)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS shard_cursors(
      alert TEXT NOT NULL, shard TEXT NOT NULL, cursor INTEGER NOT NULL,
      PRIMARY KEY(alert, shard)) WITHOUT ROWID;)");
  Transaction t(store);  // two processes may migrate at once: one does, the other sees it done
  for (const char* column : kDeliveryColumns) {
    std::string definition = column;
    if (!has_column(store, definition.substr(0, definition.find(' '))))
      store.exec(("ALTER TABLE alerts ADD COLUMN " + definition).c_str());
  }
  t.commit();
}

bool has_delivery_columns(Store& store) {
  return has_column(store, "pending");
}

}  // namespace naba::alerts
