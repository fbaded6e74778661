#include "common/stub_file.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/schema.h"
#include "naba/error.h"

namespace naba::stub_file {
namespace fs = std::filesystem;

bool is_stub(const std::string& path) {
  std::error_code ec;  // a name the file system refuses (too long) is no stub
  if (!fs::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, sizeof head);
  // A single-file glass database starts with its magic, never with text.
  for (std::streamsize i = 0; i < in.gcount(); ++i) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c < 0x09 || (c > 0x0d && c < 0x20)) return false;
  }
  return true;
}

namespace {

// A stub is a few lines per shard; a bigger file is surely not one.
constexpr std::uintmax_t kMaxStubBytes = 1 << 20;

std::string joined(const std::vector<std::string>& chain, const std::string& last) {
  std::string out;
  for (const auto& p : chain) out += p + " -> ";
  return out + last;
}

// Adds the shards of the stub at @p path, reached through the stubs in @p chain.
// A line's text is never quoted in a message: --db may name any file (/etc/passwd).
void read_into(const std::string& path, std::vector<std::string>& chain,
               std::vector<Shard>& shards) {
  std::error_code ec;
  const std::string canonical = fs::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
    throw Error(Error::Code::bad_argument,
                "stub files list each other in a loop: " + joined(chain, canonical));
  if (chain.size() == kMaxStubDepth)
    throw Error(Error::Code::bad_argument, "stub files nested more than " +
                                               std::to_string(kMaxStubDepth) +
                                               " deep: " + joined(chain, canonical));
  if (fs::file_size(path, ec) > kMaxStubBytes && !ec)
    throw Error(Error::Code::bad_argument, path + " is not a stub file: it is over 1 MiB");
  std::ifstream in(path);
  if (!in) throw Error(Error::Code::io, "cannot read stub file " + path);
  chain.push_back(canonical);
  fs::path dir = fs::absolute(path).parent_path();
  std::size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    auto bad = [&](const std::string& what) {
      return Error(Error::Code::bad_argument, path + ":" + std::to_string(line_no) + ": " + what);
    };
    std::istringstream words(line);
    std::string type;
    if (!(words >> type) || type[0] == '#') continue;
    Shard s;
    s.name = line.substr(line.find_first_not_of(" \t"));
    while (!s.name.empty() && std::isspace(static_cast<unsigned char>(s.name.back())))
      s.name.pop_back();
    if (type == "auto" || type == "glass") {
      std::string rest;
      std::getline(words >> std::ws, rest);
      if (rest.empty()) throw bad("missing shard path");
      s.path = fs::path(rest).is_absolute() ? rest : (dir / rest).string();
      if (auto stub = stub_of(s.path)) {
        read_into(*stub, chain, shards);
        continue;
      }
    } else if (type == "remote") {
      std::string where;
      words >> where;
      double seconds = kDefaultRemoteTimeoutMs / 1000.0;
      if (where == "tcp") {  // remote tcp HOST PORT [TIMEOUT_SECONDS]
        if (!(words >> s.host >> s.port)) throw bad("expected 'remote tcp HOST PORT [TIMEOUT]'");
        std::string timeout;
        if (words >> timeout) {
          char* end = nullptr;
          seconds = std::strtod(timeout.c_str(), &end);
          if (*end || !(seconds > 0) || seconds > 3600)
            throw bad("timeout must be seconds between 0 and 3600");
        }
      } else {  // Xapian's own form: remote HOST:PORT
        auto colon = where.rfind(':');
        if (colon == std::string::npos || colon == 0)
          throw bad("expected 'remote HOST:PORT' (program shards are not supported)");
        s.host = where.substr(0, colon);
        s.port = static_cast<unsigned>(std::strtoul(where.c_str() + colon + 1, nullptr, 10));
      }
      if (s.port == 0 || s.port > 65535) throw bad("bad port");
      s.timeout_ms = static_cast<unsigned>(std::lround(seconds * 1000));
    } else {
      throw bad(
          "not a shard line (auto PATH, glass PATH, remote HOST:PORT or remote tcp HOST PORT)");
    }
    shards.push_back(std::move(s));
  }
  chain.pop_back();
}

}  // namespace

std::vector<Shard> read(const std::string& path) {
  std::vector<Shard> shards;
  std::vector<std::string> chain;
  read_into(path, chain, shards);
  if (shards.empty())
    throw Error(Error::Code::bad_argument, "stub file " + path + " lists no shards");
  return shards;
}

std::optional<std::string> stub_of(const std::string& path) {
  std::error_code ec;
  if (is_stub(path)) return path;
  const fs::path xapiandb = fs::path(path) / "XAPIANDB";
  if (fs::is_directory(path, ec) && !fs::exists(fs::path(path) / "iamglass", ec) &&
      is_stub(xapiandb.string()))
    return xapiandb.string();
  return shard_folder_stub(path);
}

std::optional<std::string> shard_folder_stub(const std::string& path) {
  std::error_code ec;
  const fs::path stub = fs::path(path) / kShardsStub;
  if (!fs::is_directory(path, ec) || fs::exists(fs::path(path) / "iamglass", ec) ||
      !fs::exists(stub, ec))
    return std::nullopt;
  return stub.string();
}

Xapian::Database open_shard(const Shard& shard) {
  if (shard.remote())
    return Xapian::Remote::open(shard.host, shard.port, shard.timeout_ms, shard.timeout_ms);
  std::error_code ec;
  if (!fs::exists(shard.path, ec)) throw Xapian::DatabaseOpeningError("no index at " + shard.path);
  return schema::open_reader(shard.path);
}

Xapian::Database open_index(const std::string& path) {
  auto stub = stub_of(path);
  if (!stub) return schema::open_reader(path);
  Xapian::Database all;
  for (const auto& shard : read(*stub)) all.add_database(open_shard(shard));
  return all;
}

}  // namespace naba::stub_file
