// The one reader of Xapian stub files: an index given as a list of shards,
// local or remote (xapian-tcpsrv), each with its own timeout; and the folder
// of shards naba writes, FOLDER/shards.stub (docs/scaling.md).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace naba::stub_file {

/** One line of a stub file. */
struct Shard {
  std::string name;  ///< as written in the stub, for messages: "remote tcp 10.0.0.2 33333"
  std::string path;  ///< local shard: absolute path
  std::string host;  ///< remote shard
  unsigned port = 0;
  unsigned timeout_ms = 0;
  bool remote() const { return !host.empty(); }
};

/** Milliseconds a remote shard may take to connect or answer, unless its stub line says otherwise.
 */
inline constexpr unsigned kDefaultRemoteTimeoutMs = 10000;

/** True if @p path is a stub file (a text file, not a database). */
bool is_stub(const std::string& path);

/** Stubs listing stubs are followed this deep, no deeper. */
inline constexpr std::size_t kMaxStubDepth = 4;

/** The shards listed in the stub file at @p path. Lines: `auto|glass PATH`
 *  (relative to the stub's folder), `remote HOST:PORT` (Xapian's form), or
 *  `remote tcp HOST PORT [TIMEOUT_SECONDS]`; `#` starts a comment. A PATH that
 *  is itself a stub (or a folder of shards) is read in its place, up to
 *  kMaxStubDepth deep. Throws Error(bad_argument) naming the file and line of a
 *  line it cannot read (never its text), or the files of a loop. */
std::vector<Shard> read(const std::string& path);

/** The stub file of a folder of shards (indexed with index_sharded). */
inline constexpr const char* kShardsStub = "shards.stub";

/** PATH/shards.stub when @p path is a folder of shards: a folder that is not
 *  itself an index and holds that stub; else nullopt. */
std::optional<std::string> shard_folder_stub(const std::string& path);

/** The stub file that @p path names, if any: @p path itself, a folder's
 *  XAPIANDB (Xapian's stub in a folder) or its shards.stub. naba reads stubs
 *  itself, never Xapian: Xapian follows a stub that lists itself until the
 *  stack overflows. */
std::optional<std::string> stub_of(const std::string& path);

/** Opens one shard; throws Xapian::Error (NetworkError when a server is down). */
Xapian::Database open_shard(const Shard& shard);

/** The index at @p path for reading: one database, or the shards of the stub
 *  it names (stub_of), all opened; throws Xapian::Error or Error like read. */
Xapian::Database open_index(const std::string& path);

}  // namespace naba::stub_file
