// Fuzzes the corpus reader: the first byte picks the kind (odd: a .txt article, even: JSON
// Lines, gzipped too as the reader inflates transparently), the rest is written to a file
// and read back. Every problem must come back as a ReadProblem, never as a crash or exception.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "naba/corpus.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    char templ[] = "/tmp/naba-fuzz-reader-XXXXXX";
    if (mkdtemp(templ) == nullptr) std::abort();
    return std::string(templ);
  }();
  if (size == 0) return 0;
  const bool as_txt = data[0] & 1;
  ++data;
  --size;
  const std::string path = dir + (as_txt ? "/input.txt" : "/input.jsonl");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);

  naba::CorpusReader reader({path});
  std::size_t problems = 0;
  reader.on_problem([&](const naba::ReadProblem& p) {
    if (p.message.empty() || p.file != path) std::abort();
    ++problems;
  });
  naba::Article article;
  while (reader.next(article)) {
    if (article.id.empty() || article.id.size() > naba::kMaxIdBytes) std::abort();
  }
  if (problems != reader.problems()) std::abort();
  std::remove(path.c_str());
  return 0;
}
