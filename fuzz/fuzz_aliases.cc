// Fuzzes the aliases.tsv parser (naba::Aliases): the input is the file. Reading never throws;
// every entry has a name with no tab or newline and spellings with no '|'; every skipped line
// is named. Then the first name is removed (the file is rewritten) and the file read again:
// the other entries and the skipped lines must come back unchanged.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "naba/aliases.h"

namespace {

void check(const naba::Aliases& aliases) {
  for (const auto& a : aliases.entries()) {
    if (a.name.empty() || a.name.find_first_of("\t\n") != std::string::npos) std::abort();
    for (const auto& s : a.spellings)
      if (s.empty() || s.find_first_of("|\n") != std::string::npos) std::abort();
  }
  for (const auto& line : aliases.bad_lines())
    if (line.rfind(aliases.file() + ":", 0) != 0) std::abort();
}

bool same(const naba::Alias& a, const naba::Alias& b) {
  return a.name == b.name && a.spellings == b.spellings;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    char templ[] = "/tmp/naba-fuzz-aliases-XXXXXX";
    if (mkdtemp(templ) == nullptr) std::abort();
    std::FILE* glass = std::fopen((std::string(templ) + "/iamglass").c_str(), "wb");
    if (glass == nullptr) std::abort();  // an index folder, as far as aliases can tell
    std::fclose(glass);
    return std::string(templ);
  }();
  const std::string path = dir + "/aliases.tsv";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);

  naba::Aliases aliases(dir);
  check(aliases);
  if (aliases.entries().empty()) return 0;
  const auto before = aliases.entries();
  const std::size_t bad = aliases.bad_lines().size();
  aliases.remove(before.front().name);  // found: it is the first entry of its name

  naba::Aliases again(dir);
  check(again);
  if (again.bad_lines().size() != bad || again.entries().size() != before.size() - 1) std::abort();
  for (std::size_t i = 1; i < before.size(); ++i)
    if (!same(again.entries()[i - 1], before[i])) std::abort();
  return 0;
}
