// The parts of an index that number their articles on their own, each
// followed by a cursor of every alert (docs/alerts.md): the index itself, or
// each local shard of a sharded index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "naba/search.h"

namespace naba::alerts {

struct Part {
  std::string path;
  Searcher searcher;          // of this part alone; parses nothing (the index's Searcher does)
  std::string uuid;           // a shard's identity: keys its cursors in the store
  std::uint64_t through = 0;  // its last ingest number, at the commit this run reads
};

/** The shards of the index at @p path (shards_of), or none for one index.
 *  Throws Error(bad_argument) naming a remote shard: alerts cannot follow it. */
std::vector<ShardInfo> local_shards(const std::string& path);

/** The parts of the index at @p path as of their latest commits: the index,
 *  or each of its local shards. Throws like local_shards. */
std::vector<Part> open_parts(const std::string& path);

}  // namespace naba::alerts
