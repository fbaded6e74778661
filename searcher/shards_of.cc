// The shards of an index, as its stub file lists them (common/stub_file.h),
// for the public API: saved alerts follow each local shard on its own.
#include "common/stub_file.h"
#include "naba/search.h"

namespace naba {

std::vector<ShardInfo> shards_of(const std::string& path) {
  std::vector<ShardInfo> out;
  if (auto stub = stub_file::stub_of(path))
    for (const auto& s : stub_file::read(*stub)) out.push_back({s.name, s.remote() ? "" : s.path});
  return out;
}

}  // namespace naba
