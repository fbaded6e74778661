// Fuzzes the stub-file reader (common/stub_file): the input, split at NUL bytes, becomes up
// to three files s0, s1, s2 in one folder (so stubs can list each other, in loops too), and
// s0 is read. It must return shards or throw naba::Error; a shard is local (an absolute path)
// or remote (a host, a port 1-65535, a timeout up to an hour); a message names files and line
// numbers only, never a line's text (so it stays printable ASCII here).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/stub_file.h"
#include "naba/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    char templ[] = "/tmp/naba-fuzz-stub-XXXXXX";
    if (mkdtemp(templ) == nullptr) std::abort();
    return std::string(templ);
  }();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 3; ++i) {
    const std::string path = dir + "/s" + std::to_string(i);
    std::remove(path.c_str());
    if (i > 0 && input.empty()) continue;
    const std::string_view part = input.substr(0, input.find('\0'));
    input.remove_prefix(part.size() == input.size() ? part.size() : part.size() + 1);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) std::abort();
    if (!part.empty() && std::fwrite(part.data(), 1, part.size(), f) != part.size()) std::abort();
    std::fclose(f);
  }
  try {
    for (const auto& shard : naba::stub_file::read(dir + "/s0")) {
      if (shard.name.empty()) std::abort();
      if (shard.remote()) {
        if (shard.port == 0 || shard.port > 65535) std::abort();
        if (shard.timeout_ms == 0 || shard.timeout_ms > 3600 * 1000) std::abort();
      } else if (shard.path.empty() || shard.path[0] != '/') {
        std::abort();
      }
    }
  } catch (const naba::Error& e) {
    const std::string message = e.what();
    if (message.empty()) std::abort();
    for (unsigned char c : message)
      if (c < 0x20 || c > 0x7e) std::abort();  // a line's bytes were quoted
  }
  return 0;
}
