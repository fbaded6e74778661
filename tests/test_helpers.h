// What every C++ test of naba shares: a temporary folder that is removed with
// its contents when the test ends, and an article built from its fields.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "naba/corpus.h"

namespace naba::test {

/** A fresh folder under the system temp folder, named after @p purpose, the
 *  process and a counter; removed with everything in it at the end. */
struct TempDir {
  std::filesystem::path path;

  explicit TempDir(const std::string& purpose = "test") {
    static std::atomic<int> counter{0};
    path = std::filesystem::temp_directory_path() /
           ("naba-" + purpose + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /** The path of @p name inside the folder, as a string. */
  std::string operator/(const std::string& name) const { return (path / name).string(); }

  /** Writes @p content to @p name (folders made as needed); returns its path. */
  std::string write(const std::string& name, const std::string& content) const {
    const std::filesystem::path file = path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }

  /** Writes @p content gzip-compressed to @p name; returns its path. */
  std::string write_gz(const std::string& name, const std::string& content) const {
    const std::filesystem::path file = path / name;
    std::filesystem::create_directories(file.parent_path());
    gzFile gz = gzopen(file.c_str(), "wb");
    REQUIRE(gz != nullptr);
    REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) ==
            static_cast<int>(content.size()));
    REQUIRE(gzclose(gz) == Z_OK);
    return file.string();
  }
};

/** An article with the given fields (the others empty). */
inline naba::Article article(std::string id, std::string title, std::string body,
                             std::string date = "", std::string source = "") {
  naba::Article a;
  a.id = std::move(id), a.title = std::move(title), a.body = std::move(body);
  a.date = std::move(date), a.source = std::move(source);
  return a;
}

}  // namespace naba::test
