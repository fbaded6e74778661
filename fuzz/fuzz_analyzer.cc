// Fuzzes the analyzer: any bytes in, tokens out whose spans lie inside the text and
// follow each other, and whose terms respect the length limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "naba/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const naba::Analyzer analyzer;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  naba::AnalyzeStats stats;
  const auto tokens = analyzer.analyze(text, &stats);
  std::size_t previous_end = 0;
  for (const naba::Token& token : tokens) {
    if (token.start >= token.end || token.end > size || token.start < previous_end) std::abort();
    if (token.term.size() > 4 * naba::Analyzer::max_term_bytes) std::abort();
    if (token.stopword && !token.term.empty()) std::abort();
    previous_end = token.end;
    // The single-word entry points must agree with themselves on every word.
    const std::string normalized =
        analyzer.normalize(text.substr(token.start, token.end - token.start));
    if (!normalized.empty()) (void)analyzer.stem(normalized);
  }
  return 0;
}
