#include "alerts/parts.h"

#include "naba/error.h"

namespace naba::alerts {

std::vector<ShardInfo> local_shards(const std::string& path) {
  std::vector<ShardInfo> shards = shards_of(path);
  for (const auto& s : shards)
    if (s.path.empty())
      throw Error(Error::Code::bad_argument,
                  "alerts cannot follow the remote shard '" + s.name + "' of " + path +
                      ": a shard served by xapian-tcpsrv cannot run the filter that finds the "
                      "articles indexed since an alert last ran, so its new matches would be "
                      "missed; keep alerts where the shards are written (their folder, or a "
                      "stub file of local shards)");
  return shards;
}

std::vector<Part> open_parts(const std::string& path) {
  std::vector<std::string> paths;
  for (const auto& s : local_shards(path)) paths.push_back(s.path);
  if (paths.empty()) paths.push_back(path);
  std::vector<Part> parts;
  for (const auto& p : paths) {
    Searcher searcher(p);
    std::string uuid = searcher.index_uuid();
    std::uint64_t through = searcher.last_ingest();
    parts.push_back({p, std::move(searcher), std::move(uuid), through});
  }
  return parts;
}

}  // namespace naba::alerts
