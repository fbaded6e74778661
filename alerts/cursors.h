// Where each alert has looked: a cursor over ingest numbers per part of the
// index (alerts/parts.h). One index keeps it in the alerts table, each shard
// of a sharded index in shard_cursors, keyed by the shard's UUID
// (docs/alerts.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alerts/parts.h"
#include "alerts/store.h"
#include "naba/alerts.h"

namespace naba::alerts {

/** For one index: a rebuilt index (another UUID than the one in @p store's
 *  meta) numbers its articles from 1 again, so every alert starts over at 0;
 *  the delivered record keeps each article from being delivered twice. */
void follow_index(Store& store, const std::string& uuid);

/** Each alert's cursor in each part, by alert then part: Alert::cursor for
 *  one index, else each shard's from the store (0 for a shard it has not
 *  seen: a new or rebuilt shard). */
std::vector<std::vector<std::uint64_t>> cursors(Store& store, const std::vector<Alert>& alerts,
                                                const std::vector<Part>& parts, bool sharded);

/** Saves @p alert's cursor in each shard, @p cursors[k] in @p shards[k]. */
void save_shard_cursors(Store& store, const std::string& alert, const std::vector<Part>& shards,
                        const std::vector<std::uint64_t>& cursors);

}  // namespace naba::alerts
