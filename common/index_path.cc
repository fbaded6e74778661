#include "common/index_path.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/stub_file.h"
#include "naba/error.h"

namespace naba::index_path {
namespace fs = std::filesystem;

namespace {

// A single-file glass database starts with the magic of glass's version file.
bool is_single_file_glass(const std::string& path) {
  static constexpr char kMagic[] = "\x0f\x0dXapian Glass";
  char head[sizeof kMagic - 1] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(head, sizeof head) && std::equal(head, head + sizeof head, kMagic);
}

}  // namespace

void require(const std::string& path) {
  std::error_code ec;
  if (auto stub = stub_file::stub_of(path)) {
    stub_file::read(*stub);  // its errors name the file and line
    return;
  }
  if (fs::is_directory(path, ec) && fs::exists(fs::path(path) / "iamglass", ec)) return;
  if (fs::is_regular_file(path, ec) && is_single_file_glass(path)) return;
  throw Error(Error::Code::not_found, "no index at " + path);
}

}  // namespace naba::index_path
